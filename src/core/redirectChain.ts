/**
 * A chain of top-level `prompt=none` redirects, one hop per client, kept in sessionStorage between hops.
 * It holds authorization responses (single-use codes bound to PKCE verifiers), never tokens: every code
 * is redeemed in memory when the chain ends, so the app renders once and no token touches storage.
 */
export interface RedirectChain {
  /** Where the user goes once every hop is done. */
  returnTo: string;
  /** API names still to authorize, in order. */
  pending: string[];
  /** Authorization responses collected so far (full callback URLs). */
  responses: string[];
  /** When the chain started (ms), to drop a chain abandoned long ago. */
  startedAt: number;
}

/**
 * A chain older than this was abandoned. It is generous on purpose: the interactive step (a user at the IdP's
 * login form) can take minutes, and the IdP itself bounds how long each collected code stays redeemable.
 */
const maxChainAgeMs = 3_600_000;

/** Reads and writes the one chain of an instance. */
export class RedirectChainStore {
  constructor(
    private readonly storage: Storage,
    private readonly key: string,
    private readonly now: () => number,
  ) {}

  read(): RedirectChain | undefined {
    const raw = this.storage.getItem(this.key);
    if (raw === null) return undefined;
    try {
      const chain = JSON.parse(raw) as RedirectChain;
      if (this.now() - chain.startedAt > maxChainAgeMs) {
        this.clear();
        return undefined;
      }
      return chain;
    } catch {
      this.clear();
      return undefined;
    }
  }

  write(chain: RedirectChain): void {
    this.storage.setItem(this.key, JSON.stringify(chain));
  }

  clear(): void {
    this.storage.removeItem(this.key);
  }
}
