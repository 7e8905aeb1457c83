import { randomToken } from "../protocol/pkce.js";
import { readStoredJson } from "../platform/storedJson.js";

/** What the app remembers of an authorization request until its response comes back. */
export interface PendingAuthorization {
  /** The API the request was made for. */
  api: string;
  clientId: string;
  codeVerifier: string;
  nonce: string | undefined;
  /** RFC 8707 resource the code is redeemed for. */
  tokenResource: string | undefined;
  /** A `prompt=none` request: a refusal of it is explained as such. */
  silent?: boolean;
  /** Whose ID token went as `id_token_hint`. */
  hint?: "own" | "login";
  /** The `redirect_uri` the request carried, which its code must be redeemed with (absent in entries of older versions). */
  redirectUri?: string;
  createdAt: number;
}

/**
 * A redirect chain can run for the minutes a user spends at the IdP's login form; an entry older than this
 * belongs to a request that never came back (a closed tab, a silent request that timed out).
 */
const MAX_AGE_MS = 3_600_000;

/**
 * Authorization requests under way, keyed by their `state`, in sessionStorage so they survive the redirect.
 * They hold PKCE verifiers and nonces, never tokens; each is taken once, and stale ones are swept.
 */
export class PendingAuthorizations {
  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
    private readonly now: () => number,
  ) {}

  /** Records a new request and returns its `state` (starting with `statePrefix`). */
  create(entry: Omit<PendingAuthorization, "createdAt" | "codeVerifier">, statePrefix = ""): { state: string; codeVerifier: string } {
    this.sweep();
    const state = statePrefix + randomToken(24);
    const codeVerifier = randomToken(32);
    this.storage.setItem(this.key(state), JSON.stringify({ ...entry, codeVerifier, createdAt: this.now() }));
    return { state, codeVerifier };
  }

  /** True when `state` names a request of this instance. */
  has(state: string): boolean {
    return this.read(state) !== undefined;
  }

  /** The request `state` names, removed so its response can't be redeemed twice. */
  take(state: string): PendingAuthorization | undefined {
    const entry = this.read(state);
    this.discard(state);
    return entry;
  }

  /** Drops the request `state` names (a silent request that will never be answered). */
  discard(state: string): void {
    this.storage.removeItem(this.key(state));
  }

  private key(state: string): string {
    return `${this.prefix}auth.${state}`;
  }

  private read(state: string): PendingAuthorization | undefined {
    const value = readStoredJson(this.storage, this.key(state));
    if (typeof value !== "object" || value === null) return undefined;
    const entry = value as PendingAuthorization;
    const valid = typeof entry.api === "string" && typeof entry.clientId === "string" && typeof entry.codeVerifier === "string";
    return valid && (entry.redirectUri === undefined || typeof entry.redirectUri === "string") ? entry : undefined;
  }

  private sweep(): void {
    const marker = `${this.prefix}auth.`;
    const keys: string[] = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key?.startsWith(marker)) keys.push(key);
    }
    for (const key of keys) {
      const entry = this.read(key.slice(marker.length));
      if (!entry || !(this.now() - entry.createdAt < MAX_AGE_MS)) this.storage.removeItem(key);
    }
  }
}
