import { queryOptions, useQuery, type UseQueryResult } from "@tanstack/react-query";
import { OidcError } from "../core/errors.js";
import type { RegisteredApi } from "../core/register.js";
import type { Oidc } from "../core/types.js";
import { useOidcInstance } from "../react/useOidcInstance.js";
import type { KvSecret } from "../vault/kvSecret.js";
import { createVaultClient } from "../vault/vaultClient.js";
import { isVaultError, type VaultError } from "../vault/vaultError.js";
import { authedQueryKey, currentSubject } from "./authedQueryKey.js";
import { useSessionSubject } from "./useSessionSubject.js";

/** Which KV v2 secret to read, and through which Vault login. */
export interface VaultSecretQueryParams<Api extends string = RegisteredApi> {
  /** Named client whose access token Vault accepts (a registered instance's client name, see `Register`). Default: `"vault"`. */
  api?: Api;
  /** Vault's base URL, without `/v1`. */
  vaultUrl: string;
  /** Role of the JWT auth method. */
  role: string;
  /** Mount path of the JWT auth method. Default: `"jwt"`. */
  mount?: string;
  /** Mount path of the KV v2 engine. Default: `"secret"`. */
  kvMount?: string;
  /** Secret path inside the KV mount, e.g. `"users/alice/api"`. */
  path: string;
  /** Version to read. Default: the latest. */
  version?: number;
}

// Only a transport failure, a 5xx or a 429 (all `vault_unreachable`) may heal by itself; a 400, 403 or 404 will
// answer the same again, and a redirect or an invalid path is refused before anything is sent.
function shouldRetry(failureCount: number, error: VaultError | OidcError): boolean {
  return failureCount < 2 && isVaultError(error, "vault_unreachable");
}

/**
 * `queryOptions` reading a KV v2 secret with a Vault token exchanged from `oidc`'s token, for `useQuery` and
 * `queryClient.ensureQueryData` in a route loader alike; the key is scoped to the user (`["react-oidc-apis", api, sub, "vault-secret", ...]`).
 */
export function vaultSecretQueryOptions<T = Record<string, string>, Api extends string = string>(oidc: Oidc<Api>, params: VaultSecretQueryParams<Api>) {
  const client = createVaultClient<Api>({ oidc, api: params.api, vaultUrl: params.vaultUrl, role: params.role, mount: params.mount });
  const kvMount = params.kvMount ?? "secret";
  const { path, version } = params;
  const sub = currentSubject(oidc);
  return queryOptions<KvSecret<T>, VaultError | OidcError>({
    queryKey: authedQueryKey(client.api, sub, ["vault-secret", client.vaultUrl, client.mount, client.role, kvMount, path, version ?? null]),
    queryFn: async () => {
      const secret = await client.readSecret<T>(kvMount, path, { version });
      if (currentSubject(oidc) !== sub) throw new OidcError("logged_out", "The user changed while the secret was read; it was dropped.");
      return secret;
    },
    retry: shouldRetry,
  });
}

/** Reads a KV v2 secret with `useQuery` through the `<OidcProvider>`'s instance; waits while the session initializes. */
export function useVaultSecret<T = Record<string, string>>(params: VaultSecretQueryParams): UseQueryResult<KvSecret<T>, VaultError | OidcError> {
  const oidc = useOidcInstance();
  // Re-render when the user changes so the key (which holds `sub`) follows.
  const { initializing } = useSessionSubject(oidc);
  return useQuery({ ...vaultSecretQueryOptions<T>(oidc, params), enabled: !initializing });
}
