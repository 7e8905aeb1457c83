import type { ReactNode } from "react";
import { useOidc } from "react-oidc-apis";
import { useVaultSecret } from "react-oidc-apis/query";
import { useVaultToken } from "react-oidc-apis/vault";
import { useStoryVault } from "./demoVault";
import { ErrorNote } from "./ErrorNote";

/** The signed-in user's KV secret, read with `useVaultSecret` through the story's Vault client. */
export function MySecretsCard({ path = "users/alice/api" }: { path?: string }): ReactNode {
  const { user } = useOidc();
  const vault = useStoryVault();
  const token = useVaultToken(vault);
  const secret = useVaultSecret({ vault, path });

  const failure = token.status === "error" ? token.error : secret.error;
  return (
    <article aria-label="My Secrets" style={{ border: "1px solid #ccc", borderRadius: 8, padding: 16, maxWidth: 420 }}>
      <h2 style={{ marginTop: 0 }}>My Secrets</h2>
      <p>
        <code>secret/{path}</code>
        {user && <> — read as {String(user.name ?? user.sub)}</>}
      </p>
      {failure ? (
        <ErrorNote error={failure} />
      ) : secret.isSuccess ? (
        <>
          <dl>
            {Object.keys(secret.data.data).map((key) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>••••••••</dd>
              </div>
            ))}
          </dl>
          <p>Version {secret.data.metadata.version}</p>
        </>
      ) : (
        <p role="status">Loading…</p>
      )}
    </article>
  );
}
