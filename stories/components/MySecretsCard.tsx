import { useEffect, useState, type ReactNode } from "react";
import { useOidc, useOidcInstance } from "react-oidc-apis";
import { createVaultClient, useVaultToken, type KvSecret } from "react-oidc-apis/vault";
import { demoVault } from "./demoVault";
import { ErrorNote } from "./ErrorNote";

type Read = { status: "loading" } | { status: "ready"; secret: KvSecret } | { status: "error"; error: unknown };

/** The signed-in user's KV secret, read with a Vault token exchanged from the `vault` access token. */
export function MySecretsCard({ path = "users/alice/api" }: { path?: string }): ReactNode {
  const oidc = useOidcInstance();
  const { isLoggedIn, user } = useOidc();
  const vault = useVaultToken(demoVault);
  const [read, setRead] = useState<Read>({ status: "loading" });
  const subject = isLoggedIn ? user?.sub : undefined;

  // Keyed on the user, not on the Vault token: a 403 makes the client log in again once, and re-reading on
  // every new Vault token would turn a denied path into an endless loop.
  useEffect(() => {
    if (subject === undefined) return;
    let current = true;
    createVaultClient({ oidc, ...demoVault })
      .readSecret("secret", path)
      .then(
        (secret) => current && setRead({ status: "ready", secret }),
        (error: unknown) => current && setRead({ status: "error", error }),
      );
    return () => {
      current = false;
    };
  }, [oidc, path, subject]);

  const failure = vault.status === "error" ? vault.error : read.status === "error" ? read.error : undefined;
  return (
    <article aria-label="My Secrets" style={{ border: "1px solid #ccc", borderRadius: 8, padding: 16, maxWidth: 420 }}>
      <h2 style={{ marginTop: 0 }}>My Secrets</h2>
      <p>
        <code>secret/{path}</code>
        {user && <> — read as {String(user.name ?? user.sub)}</>}
      </p>
      {failure !== undefined ? (
        <ErrorNote error={failure} />
      ) : read.status === "ready" ? (
        <>
          <dl>
            {Object.keys(read.secret.data).map((key) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>••••••••</dd>
              </div>
            ))}
          </dl>
          <p>Version {read.secret.metadata.version}</p>
        </>
      ) : (
        <p role="status">Loading…</p>
      )}
    </article>
  );
}
