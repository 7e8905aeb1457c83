import type { LoaderFunctionArgs } from "react-router";
import { enforceLogin } from "react-oidc-apis/router";
import { createVaultClient, type KvVersionMetadata } from "react-oidc-apis/vault";
import type { AppServices } from "../appServices";

/** One of the user's Vault secrets as the page shows it. */
export interface UserSecret {
  /** Its name inside the user's folder. */
  name: string;
  /** Its full KV path. */
  path: string;
  /** Key/value pairs. */
  data: Record<string, string>;
  /** Version metadata. */
  metadata: KvVersionMetadata;
}

/** What the My Secrets page renders. */
export interface SecretsData {
  /** The user's folder in the KV engine, e.g. `users/alice/`. */
  folder: string;
  /** Every secret of that folder. */
  secrets: UserSecret[];
}

/**
 * The seed's "My Secrets" loader, done with the kit: log in if needed, exchange the `vault` client's access token
 * for a Vault token (cached, single-flight, revoked on logout), then list and read the user's KV secrets.
 */
export function secretsLoader({ oidc, config }: AppServices) {
  return async (args: LoaderFunctionArgs): Promise<SecretsData> => {
    const { user } = await enforceLogin(oidc, args);
    const vault = createVaultClient({ oidc, api: "vault", vaultUrl: config.vault.url, role: config.vault.role });
    const folder = `users/${user.sub}/`;
    const names = await vault.listSecrets(config.vault.kvMount, folder);
    const secrets = await Promise.all(
      names
        .filter((name) => !name.endsWith("/"))
        .map(async (name): Promise<UserSecret> => {
          const path = folder + name;
          const { data, metadata } = await vault.readSecret(config.vault.kvMount, path);
          return { name, path, data, metadata };
        }),
    );
    return { folder, secrets };
  };
}
