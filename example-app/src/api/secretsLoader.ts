import type { LoaderFunctionArgs } from "react-router";
import { enforceLogin } from "react-oidc-apis/router";
import { vaultSecretQueryOptions, type VaultSecretQueryParams } from "react-oidc-apis/query";
import type { AppServices } from "../appServices";
import type { AppApi } from "../oidc";

/** What the My Secrets page renders: the user's folder and the secrets in it (their data is in the query cache). */
export interface SecretsData {
  /** The user's folder in the KV engine, e.g. `users/alice/`. */
  folder: string;
  /** Names of the secrets in that folder. */
  names: string[];
}

/** Which secret a page reads: one definition for the loader and the page's `useVaultSecret`. */
export function secretQuery({ vault, config }: Pick<AppServices, "vault" | "config">, path: string): VaultSecretQueryParams<AppApi> {
  return { vault, kvMount: config.vault.kvMount, path };
}

/**
 * Loader of "My Secrets": log in if needed, then list the user's KV folder and read every secret into the query cache
 * through the app's Vault client (the `vault` client's access token exchanged for a Vault token: cached,
 * single-flight, revoked on logout). The page's `useVaultSecret` then renders from the cache.
 */
export function secretsLoader(services: AppServices) {
  const { oidc, vault, queryClient, config } = services;
  return async (args: LoaderFunctionArgs): Promise<SecretsData> => {
    const { user } = await enforceLogin(oidc, args);
    const folder = `users/${user.sub}/`;
    const names = (await vault.listSecrets(config.vault.kvMount, folder)).filter((name) => !name.endsWith("/"));
    // Read fresh on every visit and Reload (staleTime 0); a failure shows in place of the page, not retried here.
    await Promise.all(
      names.map((name) => queryClient.fetchQuery({ ...vaultSecretQueryOptions(secretQuery(services, folder + name)), staleTime: 0, retry: false })),
    );
    return { folder, names };
  };
}
