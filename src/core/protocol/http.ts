import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
import type { FetchFunction } from "../platform/environment.js";

/** How long one request to the IdP may take before it counts as unreachable. */
export const IDP_REQUEST_TIMEOUT_MS = 15_000;

/** Longest `Retry-After` honoured; a larger one would park the app for too long. */
const MAX_RETRY_AFTER_MS = 300_000;

/** Sends a request to the IdP; a network failure or timeout becomes a transient `idp_unreachable`. */
export async function sendToIdp(fetchFn: FetchFunction, url: string, init: RequestInit, what: string, api?: string): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(IDP_REQUEST_TIMEOUT_MS) });
  } catch (cause) {
    // Only the fetch call is inside this try: anything thrown here is the network's doing, or the kit's own refusal.
    if (cause instanceof OidcError) throw cause;
    throw new OidcError("idp_unreachable", `The IdP could not be reached for the ${what}${api ? ` of "${api}"` : ""}.`, { cause, api });
  }
}

/** Milliseconds a `Retry-After` header asks to wait (seconds or an HTTP date), bounded; `undefined` when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : undefined;
}

/** The transient failure an HTTP answer stands for (5xx, 429, 408), or `undefined` when the IdP really answered. */
export function transientFailure(response: Response, what: string, now: number, api?: string): OidcError | undefined {
  const { status } = response;
  if (status < 500 && status !== 429 && status !== 408) return undefined;
  return new OidcError("idp_unreachable", `The IdP answered HTTP ${status} to the ${what}${api ? ` of "${api}"` : ""}${DEV ? "; retrying with backoff" : ""}.`, {
    api,
    retryAfterMs: retryAfterMs(response.headers.get("retry-after"), now),
  });
}

/** Bodies larger than this are not an IdP's JSON: refuse them rather than parse megabytes. */
const MAX_BODY_CHARS = 1_000_000;

/** The JSON object of a response body, or `undefined` when the body is not one. */
export async function readJsonObject(response: Response): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (text.length > MAX_BODY_CHARS) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
