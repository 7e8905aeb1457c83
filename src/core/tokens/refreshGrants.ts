import type { OidcEnvironment } from "../platform/environment.js";
import { isRejectedGrant, type TokenResponse } from "../protocol/tokenEndpoint.js";

/** The long-lived part of a grant: what renews tokens without the user. */
export interface Grant {
  refreshToken: string | undefined;
  /** The last ID token issued to this grant's client (for `id_token_hint` and logout). */
  idToken: string | undefined;
}

/** Redeems a refresh token at the token endpoint. */
export type RefreshRequest = (refreshToken: string) => Promise<TokenResponse>;

/**
 * The refresh tokens of the session, one per grant owner (the login client, each dedicated client): their only
 * writer. Every grant on one refresh token runs under a lock shared by the tabs, and a rotated token is stored
 * before the lock is released, so the next holder never redeems a spent one.
 */
export class RefreshGrants {
  private readonly grants = new Map<string, Grant>();
  private generation = 0;

  constructor(
    private readonly withLock: OidcEnvironment["withLock"],
    private readonly lockPrefix: string,
    /** Told of every grant this tab obtained (to share a rotated refresh token with the other tabs). */
    private readonly onChange: (owner: string, grant: Grant) => void = () => undefined,
  ) {}

  get(owner: string): Grant | undefined {
    return this.grants.get(owner);
  }

  /** Keeps what a code redemption or a refresh returned; an absent refresh or ID token keeps the previous one (RFC 6749 §6). */
  hold(owner: string, response: Pick<TokenResponse, "refreshToken" | "idToken">): void {
    this.adopt(owner, response);
    const grant = this.grants.get(owner);
    if (grant) this.onChange(owner, grant);
  }

  /** Like `hold`, for a grant that came from elsewhere (another tab, a carried session): nobody is told. */
  adopt(owner: string, grant: Pick<TokenResponse, "refreshToken" | "idToken">): void {
    const previous = this.grants.get(owner);
    this.grants.set(owner, {
      refreshToken: grant.refreshToken ?? previous?.refreshToken,
      idToken: grant.idToken ?? previous?.idToken,
    });
  }

  /** Every grant, for persistence. */
  entries(): [string, Grant][] {
    return [...this.grants.entries()];
  }

  /** Forgets every grant; refreshes under way no longer write. */
  clear(): void {
    this.generation += 1;
    this.grants.clear();
  }

  /**
   * Runs `request` with `owner`'s refresh token under the owner's lock; `undefined` when there is no refresh token
   * (any more). A refused grant (`invalid_grant`) forgets the refresh token so the caller can fall back to a silent
   * authorization.
   */
  refresh(owner: string, clientId: string, request: RefreshRequest): Promise<TokenResponse | undefined> {
    const generation = this.generation;
    const run = this.withLock(`${this.lockPrefix}refresh:${clientId}`, async () => {
      const refreshToken = this.grants.get(owner)?.refreshToken;
      if (refreshToken === undefined || generation !== this.generation) return undefined;
      try {
        const response = await request(refreshToken);
        if (generation === this.generation) this.hold(owner, response);
        return response;
      } catch (error) {
        if (isRejectedGrant(error) && generation === this.generation && this.grants.get(owner)?.refreshToken === refreshToken) {
          this.grants.set(owner, { refreshToken: undefined, idToken: this.grants.get(owner)?.idToken });
        }
        throw error;
      }
    });
    this.running.add(run);
    const done = () => this.running.delete(run);
    run.then(done, done);
    return run;
  }

  private readonly running = new Set<Promise<unknown>>();

  /**
   * Resolves once no refresh is under way (or after `maxWaitMs`): a page about to leave waits for rotated refresh tokens
   * to land, or what it carries would hold spent ones.
   */
  async settled(maxWaitMs: number, timers: { setTimeout(callback: () => void, ms: number): unknown }): Promise<void> {
    const deadline = new Promise<void>((resolve) => timers.setTimeout(resolve, maxWaitMs));
    while (this.running.size > 0) {
      const all = Promise.allSettled([...this.running]).then(() => undefined);
      if ((await Promise.race([all.then(() => "done"), deadline.then(() => "late")])) === "late") return;
    }
  }
}
