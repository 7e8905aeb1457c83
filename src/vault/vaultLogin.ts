import { badResponse, expectObject, fetchVault, readVaultJson, type FetchLike } from "./vaultResponse.js";

/** A Vault token obtained by a JWT login. */
export interface VaultLogin {
  /** The Vault token (`hvs.…`), sent as `X-Vault-Token` (Vault's `client_token`). */
  accessToken: string;
  /** The token's accessor (safe to log, unlike the token). */
  accessor: string;
  /** When the lease ends, in ms since the epoch; `Infinity` for a token without TTL. */
  expiresAt: number;
  /** Policies attached to the token. */
  policies: string[];
  /** Whether `renew-self` can extend it. */
  renewable: boolean;
}

/** Arguments of `vaultLoginRequest`. */
export interface VaultLoginRequestOptions {
  /** Vault's base URL, without `/v1`. */
  vaultUrl: string;
  /** Mount path of the JWT auth method. Default: `"jwt"`. */
  mount?: string;
  /** Role to log in with (case-insensitive at Vault); omit to use the mount's default role. */
  role?: string;
  /** The OIDC access token (a JWT) Vault verifies. */
  jwt: string;
  /** Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Aborts the request. */
  signal?: AbortSignal;
}

/** `POST /v1/auth/<mount>/login` with `{ role, jwt }`; resolves with Vault's raw answer. */
export function vaultLoginRequest(options: VaultLoginRequestOptions): Promise<Response> {
  const { vaultUrl, mount = "jwt", role, jwt } = options;
  return fetchVault(options.fetch ?? ((input, init) => globalThis.fetch(input, init)), `${vaultUrl}/v1/auth/${mount}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(role === undefined ? { jwt } : { role, jwt }),
    signal: options.signal,
  });
}

/** Validates a login answer; throws `vault_login_failed` with Vault's messages, or `vault_bad_response`. */
export async function processVaultLoginResponse(response: Response, now: number = Date.now()): Promise<VaultLogin> {
  const auth = expectObject((await readVaultJson(response, "Vault JWT login", "vault_login_failed")).auth, "auth");
  const { client_token: accessToken, lease_duration: lease, policies } = auth;
  if (typeof lease !== "number" || !(lease >= 0)) throw badResponse("auth.lease_duration");
  if (typeof accessToken !== "string" || accessToken === "") throw badResponse("auth.client_token");
  return {
    accessToken,
    accessor: typeof auth.accessor === "string" ? auth.accessor : "",
    // A lease of 0 is Vault's "no TTL" (root-like tokens); JWT logins always carry one.
    expiresAt: lease === 0 ? Number.POSITIVE_INFINITY : now + lease * 1000,
    policies: Array.isArray(policies) ? policies.filter((p): p is string => typeof p === "string") : [],
    renewable: auth.renewable === true,
  };
}
