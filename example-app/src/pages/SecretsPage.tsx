import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { useLoaderData, useRevalidator } from "react-router";
import { useVaultSecret } from "react-oidc-apis/query";
import { useVaultToken } from "react-oidc-apis/vault";
import { secretQuery, type SecretsData } from "../api/secretsLoader";
import { useRuntimeConfig, useVaultClient } from "../appServices";
import { ApiTokenCard } from "../components/ApiTokenCard";
import { BreakableText } from "../components/BreakableText";
import { ErrorPanel } from "../components/ErrorPanel";
import { PageHeader } from "../components/PageHeader";
import { QueryState } from "../components/QueryState";
import { clockTime } from "../components/time";

/** The Vault token behind this page: the loader's client, so no second login. */
function VaultTokenCard(): ReactNode {
  const config = useRuntimeConfig();
  const token = useVaultToken(useVaultClient());
  return (
    <aside className="token-card" data-testid="vault-token" data-status={token.status}>
      <div className="token-card__row">
        <span className="badge">Vault token</span>
        <span className={`dot dot--${token.status}`} aria-hidden="true" />
        <span className="token-card__status">
          {token.status === "ready" ? `Lease until ${clockTime(token.expiresAt)}, revoked on logout` : null}
          {token.status === "loading" ? "Logging in to Vault…" : null}
          {token.status === "idle" ? "Not logged in" : null}
          {token.status === "error" ? `No Vault token: ${token.error.code}` : null}
        </span>
      </div>
      <p className="token-card__how">
        <code>POST /v1/auth/jwt/login</code> with role <code>{config.vault.role}</code> and the <code>vault</code> client's access
        token{token.status === "ready" ? (
          <>
            {" "}· policies <code>{token.policies.join(", ")}</code>
          </>
        ) : null}
      </p>
    </aside>
  );
}

/** One secret, read with `useVaultSecret` (the loader already put it in the cache). */
function SecretCard({ name, path }: { name: string; path: string }): ReactNode {
  const config = useRuntimeConfig();
  const secret = useVaultSecret(secretQuery({ vault: useVaultClient(), config }, path));
  return (
    <article className="secret">
      <QueryState query={secret} what={name}>
        {({ data, metadata }) => (
          <>
            <header className="secret__head">
              <h3>{name}</h3>
              <span className="muted">version {metadata.version}</span>
            </header>
            <dl className="kv">
              {Object.entries(data).map(([key, value]) => (
                <div key={key} className="kv__row">
                  <dt>{key}</dt>
                  <dd>
                    <code>
                      <BreakableText value={value} />
                    </code>
                  </dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </QueryState>
    </article>
  );
}

/** Writes a new secret (or a new version) into the user's folder with the Vault client's `writeSecret`. */
function AddSecretForm({ folder, onSaved }: { folder: string; onSaved: () => void }): ReactNode {
  const { vault: settings } = useRuntimeConfig();
  const vault = useVaultClient();
  const [name, setName] = useState("");
  const [value, setValue] = useState("");
  const save = useMutation({
    mutationFn: (secret: { name: string; value: string }) => vault.writeSecret(settings.kvMount, folder + secret.name, { value: secret.value }),
    onSuccess: () => {
      setName("");
      setValue("");
      onSaved();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() && value) save.mutate({ name: name.trim(), value });
  };
  return (
    <>
      <form className="inline-form" onSubmit={submit} aria-label="Save a secret">
        <label className="sr-only" htmlFor="secret-name">
          Secret name
        </label>
        <input id="secret-name" className="input" placeholder="Name, e.g. webhook" value={name} onChange={(event) => setName(event.target.value)} />
        <label className="sr-only" htmlFor="secret-value">
          Secret value
        </label>
        <input id="secret-value" className="input" placeholder="Value" value={value} onChange={(event) => setValue(event.target.value)} />
        <button type="submit" className="button" disabled={save.isPending || !name.trim() || !value}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </form>
      {save.isError ? <ErrorPanel title="Could not save the secret" error={save.error} /> : null}
    </>
  );
}

/** The user's Vault secrets: listed and read in the route's loader (see api/secretsLoader.ts), shown from the cache. */
export function SecretsPage(): ReactNode {
  const { folder, names } = useLoaderData() as SecretsData;
  const revalidator = useRevalidator();
  const reload = () => void revalidator.revalidate();
  return (
    <>
      <PageHeader title="My Secrets">
        The <code>vault</code> client's access token is exchanged for a Vault token, which reads and writes{" "}
        <code>secret/data/{folder}*</code>. Each user sees only their own folder.
      </PageHeader>
      <ApiTokenCard api="vault" />
      <VaultTokenCard />
      <section className="card">
        <div className="card__head">
          <h2>
            <code>{folder}</code>
          </h2>
          <button type="button" className="button button--ghost" onClick={reload} disabled={revalidator.state !== "idle"}>
            {revalidator.state === "idle" ? "Reload" : "Reloading…"}
          </button>
        </div>
        {names.length === 0 ? <p className="muted">No secrets in this folder.</p> : null}
        <div className="secrets" data-testid="secret-list">
          {names.map((name) => (
            <SecretCard key={name} name={name} path={folder + name} />
          ))}
        </div>
        <AddSecretForm folder={folder} onSaved={reload} />
      </section>
    </>
  );
}
