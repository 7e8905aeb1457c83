import { OidcError } from "../core/errors.js";
import { isVaultError } from "./vaultError.js";

/** Least time between two logins for one upstream token (a new upstream token may log in at once), in ms. */
export const LOGIN_FLOOR_MS = 5_000;
/** First delay of the backoff after a transient login failure, in ms; it doubles per failure. */
export const BACKOFF_BASE_MS = 1_000;
/** Longest delay of the backoff, in ms. */
export const BACKOFF_CAP_MS = 30_000;
// A Retry-After beyond this is Vault asking for more patience than a page has; the cap keeps a retry in sight.
const RETRY_AFTER_CAP_MS = 300_000;

/**
 * When a token should be replaced: `renewBeforeMs` before its lease ends, but never in the first half of its lease, so
 * a lease shorter than twice the margin is still used for half of it rather than renewed at once.
 */
export function refreshAtOf(expiresAt: number, now: number, renewBeforeMs: number): number {
  const lease = Math.max(0, expiresAt - now);
  return expiresAt - Math.min(renewBeforeMs, lease / 2);
}

/**
 * True for failures that pass by themselves: Vault unreachable or answering 5xx/429 (`vault_unreachable`), or the
 * upstream token unavailable because the IdP is (`idp_unreachable`, `silent_timeout`). Everything else is final.
 */
export function isTransientFailure(error: unknown): boolean {
  if (isVaultError(error, "vault_unreachable")) return true;
  return error instanceof OidcError && (error.code === "idp_unreachable" || error.code === "silent_timeout");
}

/**
 * Delay before retry number `attempt` (0 for the first): 1 s, 2 s, 4 s, ... capped at 30 s, each spread by ±25 % with
 * `random` (so tabs that failed together do not retry together), and never sooner than Vault's `Retry-After`.
 */
export function backoffDelayMs(attempt: number, random: () => number, retryAfterMs?: number): number {
  const r = Math.min(Math.max(Number(random()) || 0, 0), 1);
  const exponential = BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempt, 0), 16);
  const jittered = Math.min(BACKOFF_CAP_MS, Math.round(exponential * (0.75 + 0.5 * r)));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
}
