import type { ReactNode } from "react";
import { useVaultToken } from "react-oidc-apis/vault";
import { useStoryVault } from "./demoVault";
import { ErrorNote } from "./ErrorNote";

/** The Vault token as `useVaultToken` reports it: status, policies, lease end; a prefix only, never the token. */
export function VaultTokenCard(): ReactNode {
  const vault = useVaultToken(useStoryVault());
  return (
    <section aria-label="Vault token" data-status={vault.status}>
      <h3>Vault: {vault.status}</h3>
      {vault.status === "ready" && (
        <p>
          Token <code>{vault.accessToken.slice(0, 8)}…</code> with policies {vault.policies.join(", ")}, lease ends at{" "}
          {new Date(vault.expiresAt).toLocaleTimeString()}
        </p>
      )}
      {vault.error && <ErrorNote error={vault.error} />}
    </section>
  );
}
