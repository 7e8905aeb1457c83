import type { TokenSet } from "./tokenSet";

/** What this tab remembers of the session between page loads: never a token unless the app opted in. */
export class SessionMemory {
  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
  ) {}

  /** "in": a session existed; "out": the IdP said there is none; "restoring": a silent redirect is under way. */
  get hint(): "in" | "out" | "restoring" | undefined {
    const value = this.storage.getItem(`${this.prefix}hint`);
    return value === "in" || value === "out" || value === "restoring" ? value : undefined;
  }

  set hint(value: "in" | "out" | "restoring") {
    this.storage.setItem(`${this.prefix}hint`, value);
  }

  /** Names of the APIs this tab has used, so one restoration chain brings all their tokens back. */
  get usedApis(): string[] {
    try {
      const names: unknown = JSON.parse(this.storage.getItem(`${this.prefix}used`) ?? "[]");
      return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
    } catch {
      return [];
    }
  }

  rememberUsed(api: string): void {
    const used = this.usedApis;
    if (!used.includes(api)) this.storage.setItem(`${this.prefix}used`, JSON.stringify([...used, api]));
  }

  /** Token sets persisted with `tokenStorage: "sessionStorage"`. */
  readTokens(): Record<string, TokenSet> {
    try {
      return JSON.parse(this.storage.getItem(`${this.prefix}tokens`) ?? "{}") as Record<string, TokenSet>;
    } catch {
      return {};
    }
  }

  writeTokens(tokens: Record<string, TokenSet>): void {
    this.storage.setItem(`${this.prefix}tokens`, JSON.stringify(tokens));
  }

  /** This tab's id; a duplicated tab inherits it along with the rest of sessionStorage. */
  tabId(renew = false): string {
    let id = this.storage.getItem(`${this.prefix}tab`);
    if (id === null || renew) {
      id = crypto.randomUUID();
      this.storage.setItem(`${this.prefix}tab`, id);
    }
    return id;
  }

  forget(): void {
    for (const key of ["used", "tokens"]) this.storage.removeItem(`${this.prefix}${key}`);
    this.hint = "out";
  }
}
