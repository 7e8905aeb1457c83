import { VaultError } from "./vaultError.js";

/** The `fetch` the Vault layer calls; injectable for tests and non-browser hosts. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Calls `fetchFn` without following redirects: the request may carry a Vault token or a JWT, which a followed redirect
 * would hand to wherever `Location` points (browsers strip only `Authorization` across origins). A 3xx, a browser's
 * `opaqueredirect`, or a response an injected fetch followed anyway is refused with `vault_redirect_refused`, its body
 * unread. A network failure becomes `vault_unreachable` (an abort stays an abort).
 */
export async function fetchVault(fetchFn: FetchLike, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchFn(url, { ...init, redirect: "manual" });
  } catch (error) {
    if ((error as Error | null)?.name === "AbortError") throw error;
    throw new VaultError("vault_unreachable", `Vault at ${originOf(url)} could not be reached: ${String(error)}`, { cause: error });
  }
  const redirect = response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400) || response.redirected;
  if (redirect) {
    const location = response.headers.get("Location");
    const where = location ? ` to ${location}` : "";
    // Never hand the redirect's body on: it comes from a place the token was not meant for.
    void response.body?.cancel().catch(() => undefined);
    throw new VaultError(
      "vault_redirect_refused",
      `Vault at ${originOf(url)} answered a redirect${where} (status ${response.status || "opaque"}); the Vault token is not sent on. ` +
        "Point vaultUrl at the active node's final address (no proxy or load balancer that redirects).",
      { status: response.status || undefined },
    );
  }
  return response;
}

/** `vault_bad_response` for an answer whose `field` is missing or of the wrong type. */
export function badResponse(field: string, cause?: unknown): VaultError {
  return new VaultError("vault_bad_response", `Vault's answer has no valid "${field}".`, { cause });
}

/** `value` when it is a plain object, else `vault_bad_response` naming `field`. */
export function expectObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw badResponse(field);
  return value as Record<string, unknown>;
}

// Only the delta-seconds form: an HTTP date would need a clock shared with Vault.
function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("Retry-After")?.trim();
  return value !== undefined && /^\d{1,7}$/.test(value) ? Number(value) * 1000 : undefined;
}

function codeFor(status: number, failure: "vault_request_failed" | "vault_login_failed") {
  // 5xx (sealed, standby, overloaded) and 429 pass by themselves: the one transient code, whatever the call.
  if (status >= 500 || status === 429) return "vault_unreachable";
  if (failure === "vault_login_failed") return failure;
  return status === 403 ? "vault_permission_denied" : status === 404 ? "vault_not_found" : failure;
}

/**
 * The JSON body of a 2xx answer. Otherwise throws with Vault's `errors` messages: 5xx/429 `vault_unreachable`
 * (transient), 403 `vault_permission_denied`, 404 `vault_not_found`, else `failure`.
 */
export async function readVaultJson(response: Response, what: string, failure: "vault_request_failed" | "vault_login_failed" = "vault_request_failed"): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (response.ok) throw badResponse("body", error);
  }
  if (response.ok) return expectObject(body, "body");
  const raw = typeof body === "object" && body !== null ? (body as { errors?: unknown }).errors : undefined;
  const errors = Array.isArray(raw) ? raw.filter((e): e is string => typeof e === "string") : [];
  const { status } = response;
  throw new VaultError(codeFor(status, failure), `${what} failed with ${status}${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`, {
    status,
    errors,
    retryAfterMs: retryAfterMs(response),
  });
}
