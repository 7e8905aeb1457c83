import { queryOptions, useQuery, type QueryClient, type UseQueryResult } from "@tanstack/react-query";
import { OidcError } from "../core/errors.js";
import type { KvSecret } from "../vault/kvSecret.js";
import type { VaultClient } from "../vault/vaultClient.js";
import { isVaultError, type VaultError } from "../vault/vaultError.js";
import { currentSubject, scopedQueryKey } from "./authedQueryKey.js";
import { useSessionSubject } from "./useSessionSubject.js";

/** Which KV v2 secret to read, and through which Vault client. */
export interface VaultSecretQueryParams<Api extends string = string> {
  /** The Vault client (made once with `createVaultClient`) whose token reads the secret. */
  vault: VaultClient<Api>;
  /** Secret path inside the KV mount, e.g. `"users/alice/api"`. */
  path: string;
  /** Mount path of the KV v2 engine. Default: `"secret"`. */
  kvMount?: string;
  /** Version to read. Default: the latest. */
  version?: number;
}

// Only a transport failure, a 5xx or a 429 (all `vault_unreachable`) may heal by itself; a 400, 403 or 404 will
// answer the same again, and a redirect or an invalid path is refused before anything is sent.
function shouldRetry(failureCount: number, error: VaultError | OidcError): boolean {
  return failureCount < 2 && isVaultError(error, "vault_unreachable");
}

/**
 * `queryOptions` reading a KV v2 secret through `vault`, for `useQuery` and `queryClient.ensureQueryData` in a route
 * loader alike. The key is scoped to the vault client's API and the user:
 * `[{ authedApi, sub }, "vault-secret", vaultUrl, mount, role, kvMount, path, version | null]`, so
 * `authedQueryKey(vault.api, ["vault-secret"])` matches every secret read.
 * @param params - The client, the secret's path, and optionally its KV mount and version.
 */
export function vaultSecretQueryOptions<T = Record<string, string>, Api extends string = string>(params: VaultSecretQueryParams<Api>) {
  const { vault, path, version } = params;
  const kvMount = params.kvMount ?? "secret";
  const sub = currentSubject(vault.oidc);
  return queryOptions<KvSecret<T>, VaultError | OidcError>({
    queryKey: scopedQueryKey(vault.api, sub, ["vault-secret", vault.vaultUrl, vault.mount, vault.role, kvMount, path, version ?? null]),
    queryFn: async () => {
      const secret = await vault.readSecret<T>(kvMount, path, { version });
      if (currentSubject(vault.oidc) !== sub) throw new OidcError("logged_out", "The user changed while the secret was read; it was dropped.");
      return secret;
    },
    retry: shouldRetry,
  });
}

/**
 * Reads a KV v2 secret with `useQuery`: `useVaultSecret({ vault, path: "users/alice/api" })`. Waits while the session
 * initializes; the key follows the user.
 * @param params - As for `vaultSecretQueryOptions`.
 * @param queryClient - Use this client instead of the one from `<QueryClientProvider>`.
 */
export function useVaultSecret<T = Record<string, string>, Api extends string = string>(
  params: VaultSecretQueryParams<Api>,
  queryClient?: QueryClient,
): UseQueryResult<KvSecret<T>, VaultError | OidcError> {
  // Re-render when the user changes so the key (which holds `sub`) follows.
  const { initializing } = useSessionSubject(params.vault.oidc);
  return useQuery({ ...vaultSecretQueryOptions<T, Api>(params), enabled: !initializing }, queryClient);
}
