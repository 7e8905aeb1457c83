import type { StorageCipher } from "../platform/storageCipher.js";
import { readStoredJson } from "../platform/storedJson.js";
import type { Grant } from "../tokens/refreshGrants.js";
import type { TokenSet } from "../tokens/tokenSet.js";

/** What `tokenStorage: "sessionStorage"` keeps between page loads. */
export interface PersistedTokens {
  /** Access tokens by API. */
  sets: Record<string, TokenSet>;
  /** Refresh and ID tokens by grant owner. */
  grants: Record<string, Grant>;
}

/** What this tab remembers of the session between page loads: never a token unless the app opted in, and then sealed. */
export class SessionMemory {
  /**
   * Token writes under way: sealed asynchronously, one at a time, so an older state never lands after a newer one; reads
   * (tokenPersistence.ts) and forget() wait for them.
   */
  writing: Promise<void> = Promise.resolve();

  constructor(
    /** The tab's sessionStorage. */
    readonly storage: Storage,
    /** The instance's key prefix. */
    readonly prefix: string,
    /** Seals the tokens (`tokenStorage: "sessionStorage"`). */
    readonly cipher: StorageCipher,
  ) {}

  /** "in": a session existed; "out": the IdP said there is none; "restoring": a silent redirect is under way. */
  get hint(): "in" | "out" | "restoring" | undefined {
    const value = this.storage.getItem(`${this.prefix}hint`);
    return value === "in" || value === "out" || value === "restoring" ? value : undefined;
  }

  set hint(value: "in" | "out" | "restoring") {
    this.storage.setItem(`${this.prefix}hint`, value);
  }

  /** The `state` sent with the last logout, so the app can take it off the URL it comes back to. */
  get logoutState(): string | null {
    return this.storage.getItem(`${this.prefix}logout`);
  }

  set logoutState(value: string | null) {
    if (value === null) this.storage.removeItem(`${this.prefix}logout`);
    else this.storage.setItem(`${this.prefix}logout`, value);
  }

  /**
   * Why this tab's hidden iframes cannot reach the IdP (`silent_refused`), once one landed elsewhere than the redirect
   * URI: later loads report it without trying again. It describes the IdP, not the session, so logout keeps it.
   */
  get silentRefusal(): string | null {
    return this.storage.getItem(`${this.prefix}silentRefused`);
  }

  set silentRefusal(message: string) {
    this.storage.setItem(`${this.prefix}silentRefused`, message);
  }

  /** Names of the APIs this tab has used, so one restoration brings all their tokens back. */
  get usedApis(): string[] {
    const names = readStoredJson(this.storage, `${this.prefix}used`);
    return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string") : [];
  }

  rememberUsed(api: string): void {
    const used = this.usedApis;
    if (!used.includes(api)) this.storage.setItem(`${this.prefix}used`, JSON.stringify([...used, api]));
  }

  /** Seals `tokens` into sessionStorage (AES-GCM, non-extractable key): never plaintext at rest. */
  writeTokens(tokens: PersistedTokens): Promise<void> {
    const plaintext = JSON.stringify(tokens);
    this.writing = this.writing.then(async () => {
      this.storage.setItem(`${this.prefix}tokens`, await this.cipher.encrypt(plaintext));
    }).catch(() => undefined);
    return this.writing;
  }

  forget(): void {
    for (const key of ["used", "tokens"]) this.storage.removeItem(`${this.prefix}${key}`);
    this.hint = "out";
    // A write still sealing lands after the removal above: drop it again once it has, then the key.
    this.writing = this.writing.then(() => {
      this.storage.removeItem(`${this.prefix}tokens`);
      return this.cipher.forget();
    });
  }
}
