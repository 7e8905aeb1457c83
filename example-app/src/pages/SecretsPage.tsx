import type { ReactNode } from "react";
import { useLoaderData, useRevalidator } from "react-router";
import { useVaultToken } from "react-oidc-apis/vault";
import type { SecretsData } from "../api/secretsLoader";
import { useRuntimeConfig } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { PageHeader } from "../components/PageHeader";

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

/** The Vault token behind this page: same client as the loader's, so no second login. */
function VaultTokenCard(): ReactNode {
  const { vault } = useRuntimeConfig();
  const token = useVaultToken({ vaultUrl: vault.url, role: vault.role });
  return (
    <aside className="token-card" data-testid="vault-token" data-status={token.status}>
      <div className="token-card__row">
        <span className="badge">Vault token</span>
        <span className={`dot dot--${token.status}`} aria-hidden="true" />
        <span className="token-card__status">
          {token.status === "ready" && token.expiresAt ? `Lease until ${time(token.expiresAt)}, revoked on logout` : null}
          {token.status === "loading" ? "Logging in to Vault…" : null}
          {token.status === "error" ? `No Vault token: ${token.error?.code ?? "error"}` : null}
        </span>
      </div>
      <p className="token-card__how">
        <code>POST /v1/auth/jwt/login</code> with role <code>{vault.role}</code> and the <code>vault</code> client's access
        token{token.policies ? (
          <>
            {" "}· policies <code>{token.policies.join(", ")}</code>
          </>
        ) : null}
      </p>
    </aside>
  );
}

/** The user's Vault secrets, read in the route's loader (see api/secretsLoader.ts). */
export function SecretsPage(): ReactNode {
  const { folder, secrets } = useLoaderData() as SecretsData;
  const revalidator = useRevalidator();
  return (
    <>
      <PageHeader title="My Secrets">
        The seed's example, done with the kit: the <code>vault</code> client's access token is exchanged for a Vault token, which reads{" "}
        <code>secret/data/{folder}*</code>. Each user sees only their own folder.
      </PageHeader>
      <ApiTokenCard api="vault" />
      <VaultTokenCard />
      <section className="card">
        <div className="card__head">
          <h2>
            <code>{folder}</code>
          </h2>
          <button type="button" className="button button--ghost" onClick={() => void revalidator.revalidate()} disabled={revalidator.state !== "idle"}>
            {revalidator.state === "idle" ? "Reload" : "Reloading…"}
          </button>
        </div>
        {secrets.length === 0 ? <p className="muted">No secrets in this folder.</p> : null}
        <div className="secrets" data-testid="secret-list">
          {secrets.map((secret) => (
            <article key={secret.path} className="secret">
              <header className="secret__head">
                <h3>{secret.name}</h3>
                <span className="muted">version {secret.metadata.version}</span>
              </header>
              <dl className="kv">
                {Object.entries(secret.data).map(([key, value]) => (
                  <div key={key} className="kv__row">
                    <dt>{key}</dt>
                    <dd>
                      <code>{value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            </article>
          ))}
        </div>
      </section>
    </>
  );
}
