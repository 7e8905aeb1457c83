import type { TokenSet } from "./tokenSet.js";

/** When tokens are renewed: the two numbers that keep renewals on time and storms impossible. */
export interface RenewalPolicy {
  /** Renew this long before expiry, at most half the token's lifetime. */
  marginMs: number;
  /** At least this long between two network acquisitions of one API, whatever asks. */
  floorMs: number;
}

/**
 * When a token is renewed: `expiresAt − min(margin, lifetime / 2)`. A token that lives less than twice the
 * margin is used for half its life instead of being renewed the moment it arrives.
 */
export function renewAt(set: TokenSet, marginMs: number): number {
  return set.expiresAt - Math.min(marginMs, (set.expiresAt - set.obtainedAt) / 2);
}

/** Outage phase with short retries, so an API is back within seconds of a short outage. */
const QUICK_PHASE_MS = 60_000;
const QUICK_CAP_MS = 4_000;
const SLOW_CAP_MS = 30_000;

/**
 * Delay before retry number `failures` (1-based) of an outage that began `outageMs` ago: 1 s, 2 s, 4 s, then 4 s
 * for the first minute and up to 30 s after, each shortened by up to a quarter at random so tabs spread out;
 * never sooner than the IdP's `Retry-After`.
 */
export function retryDelayMs(failures: number, outageMs: number, random: number, retryAfterMs: number | undefined): number {
  const cap = outageMs < QUICK_PHASE_MS ? QUICK_CAP_MS : SLOW_CAP_MS;
  const base = Math.min(cap, 1000 * 2 ** Math.max(0, Math.min(failures - 1, 10)));
  return Math.max(base * (1 - random / 4), retryAfterMs ?? 0);
}
