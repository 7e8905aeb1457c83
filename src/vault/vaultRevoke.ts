import { fetchVault, type FetchLike } from "./vaultResponse.js";

/** `POST /v1/auth/token/revoke-self` with `token`; resolves with Vault's raw answer. */
export function revokeSelfRequest(vaultUrl: string, token: string, fetchFn: FetchLike): Promise<Response> {
  return fetchVault(fetchFn, `${vaultUrl}/v1/auth/token/revoke-self`, { method: "POST", headers: { "X-Vault-Token": token } });
}

/** True when the token is gone: revoked now (204) or already dead (403: expired or revoked before). */
export function processRevokeSelfResponse(response: Response): boolean {
  return response.ok || response.status === 403;
}
