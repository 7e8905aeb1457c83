import { OidcError } from "../core/errors";
import { VaultError } from "./vaultError";
import type { VaultLogin } from "./vaultLogin";

/** State of a client's Vault token, replaced (never mutated) when it changes. */
export interface VaultTokenSnapshot {
  /** `idle` before first use and after logout, `loading` while no usable token, then `ready` or `error`. */
  status: "idle" | "loading" | "ready" | "error";
  /** The current login when ready. */
  login: VaultLogin | undefined;
  /** When the token will be replaced by a new login, in ms since the epoch. */
  refreshAt: number | undefined;
  /** Why the last login failed. */
  error: VaultError | OidcError | undefined;
}

/** What the cache needs from the world; all injectable. */
export interface VaultTokenCacheOptions {
  /** The upstream OIDC access token (the cache key's variable part). */
  upstreamToken(): Promise<string>;
  /** Exchanges an upstream token for a Vault token. */
  login(upstreamToken: string): Promise<VaultLogin>;
  /** Revokes a Vault token; failures are ignored. */
  revoke(clientToken: string): Promise<unknown>;
  /** Fixed part of the cache key (Vault URL, mount, role). */
  scope: string;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Replace a token this many seconds before its lease ends. */
  renewBeforeExpirySeconds: number;
}

interface Entry {
  key: string;
  login: VaultLogin;
  refreshAt: number;
}

interface Pending {
  upstream: string;
  raw: Promise<VaultLogin>;
  committed: Promise<VaultLogin>;
}

const IDLE: VaultTokenSnapshot = { status: "idle", login: undefined, refreshAt: undefined, error: undefined };

function asKnownError(error: unknown): VaultError | OidcError {
  if (error instanceof VaultError || error instanceof OidcError) return error;
  return new VaultError("vault_request_failed", `Vault login failed: ${String(error)}`, { cause: error });
}

/**
 * Vault tokens keyed by (scope, upstream token): reused until the lease is near its end or the upstream token changes;
 * concurrent callers share one login (checking the cache again after waiting, as auth0-spa-js does).
 */
export function createVaultTokenCache(options: VaultTokenCacheOptions) {
  let current: Entry | undefined;
  let snapshot = IDLE;
  // Bumped by revokeAll so a login that was in flight at logout is never cached.
  let epoch = 0;
  // Login order, so a slow login for an older upstream token never replaces a newer one (jose's remote JWKS guard).
  let started = 0;
  let committedSeq = 0;
  const pending = new Map<string, Pending>();
  // Every token handed out and not yet revoked, so logout can revoke all of them (their lease may still run).
  const held = new Map<string, number>();
  // Upstream tokens in use at the last revokeAll: a caller still holding one (a hook re-rendering mid-logout)
  // must not mint a fresh Vault token right after logout revoked them all.
  let refused = new Set<string>();
  let lastUpstream: string | undefined;
  const listeners = new Set<() => void>();

  function publish(next: VaultTokenSnapshot): void {
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function refreshAtOf(login: VaultLogin): number {
    const lease = login.expiresAt - options.now();
    // A lease shorter than twice the margin is used for its first half rather than not at all.
    return login.expiresAt - Math.min(options.renewBeforeExpirySeconds * 1000, lease / 2);
  }

  function start(key: string, upstream: string): Pending {
    const startEpoch = epoch;
    const seq = ++started;
    lastUpstream = upstream;
    const raw = options.login(upstream);
    const committed = raw.then(
      (login) => {
        if (epoch !== startEpoch) throw new OidcError("logged_out", "The user logged out while a Vault login was under way.");
        const now = options.now();
        for (const [token, expiresAt] of held) if (expiresAt <= now) held.delete(token);
        held.set(login.clientToken, login.expiresAt);
        if (seq > committedSeq) {
          committedSeq = seq;
          current = { key, login, refreshAt: refreshAtOf(login) };
          publish({ status: "ready", login, refreshAt: current.refreshAt, error: undefined });
        }
        return login;
      },
      (error: unknown) => {
        const known = asKnownError(error);
        if (epoch === startEpoch && seq > committedSeq) {
          publish({ status: "error", login: undefined, refreshAt: undefined, error: known });
        }
        throw known;
      },
    );
    const flight: Pending = { upstream, raw, committed };
    const settle = () => {
      if (pending.get(key) === flight) pending.delete(key);
    };
    committed.then(settle, settle);
    pending.set(key, flight);
    const usable = snapshot.status === "ready" && snapshot.login !== undefined && snapshot.login.expiresAt > options.now();
    if (!usable) publish({ status: "loading", login: undefined, refreshAt: undefined, error: undefined });
    return flight;
  }

  /** A Vault token for the current upstream token: cached, shared with a login in flight, or a new login. */
  async function get(): Promise<VaultLogin> {
    const startEpoch = epoch;
    let upstream: string;
    try {
      upstream = await options.upstreamToken();
    } catch (error) {
      const known = asKnownError(error);
      if (epoch === startEpoch) publish({ status: "error", login: undefined, refreshAt: undefined, error: known });
      throw known;
    }
    if (epoch !== startEpoch || refused.has(upstream)) {
      throw new OidcError("logged_out", "The user logged out; the Vault tokens of this session were revoked.");
    }
    const key = `${options.scope}::${upstream}`;
    if (current && current.key === key && options.now() < current.refreshAt) return current.login;
    // Sharing the login in flight is the "check again after taking the lock" step: its result is the fresh cache.
    return (pending.get(key) ?? start(key, upstream)).committed;
  }

  /** Drops `clientToken` from the cache (Vault refused it) so the next `get` logs in again. */
  function invalidate(clientToken: string): void {
    if (current?.login.clientToken === clientToken) current = undefined;
  }

  /** Revokes every token handed out (and any login in flight) and empties the cache. */
  async function revokeAll(): Promise<void> {
    epoch += 1;
    refused = new Set([...pending.values()].map((flight) => flight.upstream));
    if (lastUpstream !== undefined) refused.add(lastUpstream);
    const tokens = [...held.keys()];
    const inflight = [...pending.values()].map((flight) => flight.raw);
    held.clear();
    pending.clear();
    current = undefined;
    publish(IDLE);
    const fromFlights = await Promise.allSettled(inflight);
    for (const result of fromFlights) if (result.status === "fulfilled") tokens.push(result.value.clientToken);
    await Promise.allSettled(tokens.map((token) => options.revoke(token)));
  }

  return {
    get,
    invalidate,
    revokeAll,
    /** Calls `listener` whenever the snapshot changes; returns the unsubscribe function. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The current immutable snapshot. */
    getSnapshot: (): VaultTokenSnapshot => snapshot,
  };
}
