import { OidcError } from "../core/errors.js";
import type { Timers } from "../core/platform/timers.js";
import { createHeldTokens, type HeldTokenCarry } from "./heldTokens.js";
import { createLoginFloor } from "./loginFloor.js";
import { backoffDelayMs, isTransientFailure, LOGIN_FLOOR_MS, refreshAtOf } from "./renewalPolicy.js";
import { VaultError } from "./vaultError.js";
import type { VaultLogin } from "./vaultLogin.js";
import { startTimer } from "./vaultTimer.js";

/** State of a client's Vault token, replaced (never mutated) when it changes. */
export interface VaultTokenSnapshot {
  /** `idle` before first use, after logout and once an unused token expired; `loading` while no usable token; then `ready` or `error`. */
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
  revoke(accessToken: string): Promise<unknown>;
  /** Fixed part of the cache key (Vault URL, mount, role). */
  scope: string;
  /** Milliseconds since the epoch: every lease end and renewal time is on this clock. */
  now(): number;
  /** Where renewals, retries and the login floor are scheduled. */
  timers: Timers;
  /** A number in [0, 1), for the retry jitter. */
  random(): number;
  /** Replace a token this many seconds before its lease ends (at most half its lease before). */
  renewBeforeExpirySeconds: number;
  /** Least time between two logins for one upstream token, ms. Default: `LOGIN_FLOOR_MS` (5 s). */
  loginFloorMs?: number;
  /** Keeps the held tokens (sealed) for later pages of the tab, so logout revokes those of earlier pages too. */
  carry?: HeldTokenCarry;
}

interface Entry {
  key: string;
  login: VaultLogin;
  refreshAt: number;
}

interface Pending {
  upstream: string;
  /** True while the login waits out the floor (it has not been sent yet). */
  isWaiting(): boolean;
  raw: Promise<VaultLogin>;
  committed: Promise<VaultLogin>;
}

// Replaced tokens stay revocable at logout (a request may still use one); past this many the oldest is revoked at once.
const HELD_CAPACITY = 32;
const IDLE: VaultTokenSnapshot = { status: "idle", login: undefined, refreshAt: undefined, error: undefined };
const LOADING: VaultTokenSnapshot = { status: "loading", login: undefined, refreshAt: undefined, error: undefined };
const noop = () => {};

function asKnownError(error: unknown): VaultError | OidcError {
  if (error instanceof VaultError || error instanceof OidcError) return error;
  return new VaultError("vault_request_failed", `Vault login failed: ${String(error)}`, { cause: error });
}

function loggedOut(): OidcError {
  return new OidcError("logged_out", "The user logged out; the Vault tokens of this session were revoked.");
}

/**
 * Vault tokens keyed by (scope, upstream token): reused until the lease nears its end or the upstream token changes;
 * concurrent callers share one login (checking the cache again after waiting, as auth0-spa-js does).
 *
 * Renewal runs on the injected timers, not in a component: at `refreshAt` the cache logs in again **if the token is in
 * use**, that is while someone is subscribed or `get` was called since the token was minted. An unused token is left to
 * expire and dropped at its lease end (snapshot `idle`); the next `get` logs in. Two logins for one upstream token are
 * at least `loginFloorMs` apart. A transient failure (Vault unreachable, 5xx, 429; IdP unreachable) is retried with
 * backoff while someone is subscribed; a final one (4xx) is published and not retried.
 */
export function createVaultTokenCache(options: VaultTokenCacheOptions) {
  const { timers } = options;
  const renewBeforeMs = options.renewBeforeExpirySeconds * 1000;
  const floor = createLoginFloor(timers, options.loginFloorMs ?? LOGIN_FLOOR_MS);
  let current: Entry | undefined;
  let snapshot = IDLE;
  // Bumped by revokeAll so a login that was in flight at logout is never cached.
  let epoch = 0;
  // Login order, so a slow login for an older upstream token never replaces a newer one (jose's remote JWKS guard).
  let started = 0;
  let committedSeq = 0;
  const pending = new Map<string, Pending>();
  // Every token handed out and not yet revoked, so logout can revoke all of them (their lease may still run).
  const held = createHeldTokens(HELD_CAPACITY, options.carry, options.now);
  // Upstream tokens in use at the last revokeAll: a caller still holding one (a hook re-rendering mid-logout)
  // must not mint a fresh Vault token right after logout revoked them all.
  let refused = new Set<string>();
  let lastUpstream: string | undefined;
  const listeners = new Set<() => void>();
  // Whether `get` was called since the current token was minted (or since the cache's own last attempt).
  let asked = false;
  // The one renewal-or-retry timer, and the expiry timer of the current token.
  let cancelRenewal: (() => void) | undefined;
  let cancelExpiry: (() => void) | undefined;
  let retryAttempt = 0;
  let retryError: VaultError | OidcError | undefined;

  function publish(next: VaultTokenSnapshot): void {
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  const inUse = () => listeners.size > 0 || asked;
  const usable = (entry: Entry | undefined): entry is Entry => entry !== undefined && options.now() < entry.login.expiresAt;

  function armRenewal(delayMs: number, task: () => void): void {
    cancelRenewal?.();
    cancelRenewal = startTimer(timers, delayMs, () => {
      cancelRenewal = undefined;
      task();
    });
  }

  function dropCurrent(): void {
    current = undefined;
    cancelExpiry?.();
    cancelExpiry = undefined;
    cancelRenewal?.();
    cancelRenewal = undefined;
  }

  /** The cache's own login (renewal or retry): errors are handled by `failed`, nobody awaits it. */
  function renewInBackground(): void {
    asked = false;
    // The timer decides that it is time, not the clock: a clock that lags the timers must not cancel a renewal.
    acquire(current).catch(noop);
  }

  function renewalDue(entry: Entry): void {
    if (current === entry && inUse()) renewInBackground();
  }

  function expired(entry: Entry): void {
    cancelExpiry = undefined;
    if (current !== entry) return;
    current = undefined;
    if (pending.size > 0) publish(LOADING);
    else if (cancelRenewal && retryError) publish({ status: "error", login: undefined, refreshAt: undefined, error: retryError });
    else publish(IDLE);
  }

  function committed(entry: Entry): void {
    dropCurrent();
    current = entry;
    asked = false;
    retryAttempt = 0;
    retryError = undefined;
    publish({ status: "ready", login: entry.login, refreshAt: entry.refreshAt, error: undefined });
    const now = options.now();
    armRenewal(entry.refreshAt - now, () => renewalDue(entry));
    cancelExpiry = startTimer(timers, entry.login.expiresAt - now, () => expired(entry));
  }

  function failed(error: VaultError | OidcError, startEpoch: number, seq?: number): void {
    if (epoch !== startEpoch || (seq !== undefined && seq <= committedSeq)) return;
    const transient = isTransientFailure(error);
    // A transient failure leaves a token that still works in place; a final one ends it.
    if (!transient) dropCurrent();
    if (!transient || !usable(current)) publish({ status: "error", login: undefined, refreshAt: undefined, error });
    if (transient && listeners.size > 0) {
      retryError = error;
      const retryAfterMs = error instanceof VaultError ? error.retryAfterMs : undefined;
      armRenewal(backoffDelayMs(retryAttempt++, options.random, retryAfterMs), () => {
        if (listeners.size > 0) renewInBackground();
      });
    }
  }

  function start(key: string, upstream: string): Pending {
    const startEpoch = epoch;
    const seq = ++started;
    lastUpstream = upstream;
    let waiting = floor.isClosed(key);
    const raw = floor.wait(key).then(async () => {
      waiting = false;
      if (epoch !== startEpoch) throw loggedOut();
      const login = await options.login(upstream);
      // The floor runs from each token minted: failed attempts are paced by the backoff instead.
      floor.close(key);
      return login;
    });
    const committedLogin = raw.then(
      (login) => {
        if (epoch !== startEpoch) throw loggedOut();
        const now = options.now();
        // Past the cap, the oldest replaced token is revoked now rather than held for logout.
        for (const evicted of held.add(login.accessToken, login.expiresAt, now)) Promise.resolve(evicted).then(options.revoke).catch(noop);
        if (seq > committedSeq) {
          committedSeq = seq;
          committed({ key, login, refreshAt: refreshAtOf(login.expiresAt, now, renewBeforeMs) });
        }
        return login;
      },
      (error: unknown) => {
        const known = asKnownError(error);
        failed(known, startEpoch, seq);
        throw known;
      },
    );
    const flight: Pending = { upstream, isWaiting: () => waiting, raw, committed: committedLogin };
    const settle = () => void (pending.get(key) === flight && pending.delete(key));
    committedLogin.then(settle, settle);
    pending.set(key, flight);
    if (!(snapshot.status === "ready" && usable(current))) publish(LOADING);
    return flight;
  }

  /** A token for the current upstream token; `renewing` is the entry a renewal replaces (never served as fresh). */
  async function acquire(renewing?: Entry): Promise<VaultLogin> {
    const startEpoch = epoch;
    let upstream: string;
    try {
      upstream = await options.upstreamToken();
    } catch (error) {
      const known = asKnownError(error);
      failed(known, startEpoch);
      throw known;
    }
    if (epoch !== startEpoch || refused.has(upstream)) throw loggedOut();
    const key = `${options.scope}::${upstream}`;
    const entry = current?.key === key ? current : undefined;
    if (entry && entry !== renewing && options.now() < entry.refreshAt) return entry.login;
    // Sharing the login in flight is the "check again after taking the lock" step: its result is the fresh cache.
    const flight = pending.get(key) ?? start(key, upstream);
    // While the renewal waits out the floor, the token it will replace serves until its lease ends.
    if (flight.isWaiting() && usable(entry)) return entry.login;
    return flight.committed;
  }

  /** A Vault token for the current upstream token: cached, shared with a login in flight, or a new login. */
  function get(): Promise<VaultLogin> {
    asked = true;
    return acquire();
  }

  /**
   * Vault refused `accessToken`: drops it so the next `get` logs in again, and returns true; returns false (and keeps
   * it) when it was minted less than the floor ago, since a token that fresh is refused for its policy, not its age.
   */
  function invalidate(accessToken: string): boolean {
    if (current?.login.accessToken !== accessToken) return true;
    if (floor.isClosed(current.key)) return false;
    dropCurrent();
    return true;
  }

  /** Revokes every token handed out (and any login in flight), clears every timer and empties the cache. */
  async function revokeAll(): Promise<void> {
    epoch += 1;
    refused = new Set([...pending.values()].map((flight) => flight.upstream));
    if (lastUpstream !== undefined) refused.add(lastUpstream);
    const taking = held.takeAll();
    const inflight = [...pending.values()].map((flight) => flight.raw);
    pending.clear();
    dropCurrent();
    floor.reset();
    asked = false;
    retryAttempt = 0;
    retryError = undefined;
    publish(IDLE);
    const tokens = await taking;
    const fromFlights = await Promise.allSettled(inflight);
    for (const result of fromFlights) if (result.status === "fulfilled") tokens.push(result.value.accessToken);
    await Promise.allSettled(tokens.map((token) => Promise.resolve(token).then(options.revoke)));
  }

  return {
    get,
    invalidate,
    revokeAll,
    /** Calls `listener` whenever the snapshot changes; returns the unsubscribe function. A subscriber keeps the token renewed. */
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      // A token whose renewal was skipped while nobody used it is renewed as soon as someone does.
      if (listeners.size === 1 && current && !cancelRenewal && pending.size === 0 && options.now() >= current.refreshAt) {
        renewInBackground();
      }
      return () => {
        listeners.delete(listener);
      };
    },
    /** The current immutable snapshot. */
    getSnapshot: (): VaultTokenSnapshot => snapshot,
  };
}
