import { VaultError } from "./vaultError";

/** The `fetch` the Vault layer calls; injectable for tests and non-browser hosts. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Calls `fetchFn`, turning a network failure into `vault_unreachable` (an abort stays an abort). */
export async function fetchVault(fetchFn: FetchLike, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetchFn(url, init);
  } catch (error) {
    if ((error as Error | null)?.name === "AbortError") throw error;
    throw new VaultError("vault_unreachable", `Vault at ${new URL(url).origin} could not be reached: ${String(error)}`, { cause: error });
  }
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

/**
 * The JSON body of a 2xx answer. Otherwise throws: 403 `vault_permission_denied`, 404 `vault_not_found`, else
 * `failure`; with Vault's `errors` messages.
 */
export async function readVaultJson(response: Response, what: string, failure: "vault_request_failed" | "vault_login_failed" = "vault_request_failed"): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (response.ok) throw badResponse("body", error);
  }
  if (response.ok) return expectObject(body, "body");
  const raw = (body as { errors?: unknown } | undefined)?.errors;
  const errors = Array.isArray(raw) ? raw.filter((e): e is string => typeof e === "string") : [];
  const { status } = response;
  const code = failure === "vault_login_failed" ? failure : status === 403 ? "vault_permission_denied" : status === 404 ? "vault_not_found" : failure;
  throw new VaultError(code, `${what} failed with ${status}${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`, { status, errors });
}
