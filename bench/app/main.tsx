import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, OidcProvider, useApiToken, useOidc, type Oidc, type OidcConfig } from "react-oidc-apis";
import { createVaultClient } from "react-oidc-apis/vault";

type BenchConfig = OidcConfig & { vaultUrl: string };

let renders = 0;
// The bench counts Page renders over every full-page load through this binding (data-renders resets on each load).
const reportRender = () => (window as { benchRendered?: () => void }).benchRendered?.();

function Secret({ oidc, vaultUrl, sub }: { oidc: Oidc; vaultUrl: string; sub: string }) {
  const [value, setValue] = useState<string>();
  useEffect(() => {
    const vault = createVaultClient({ oidc, api: "vault", vaultUrl, role: "web-app" });
    void vault.readSecret("secret", `users/${sub}/api`).then((secret) => setValue(JSON.stringify(secret.data)));
  }, [oidc, vaultUrl, sub]);
  return value ? <p data-testid="secret">{value}</p> : null;
}

function Token({ api }: { api: string }) {
  return <li data-testid={`token-${api}`}>{useApiToken(api).status}</li>;
}

function Page({ oidc, vaultUrl }: { oidc: Oidc; vaultUrl: string }) {
  renders++;
  reportRender();
  const { status, user, login } = useOidc();
  return (
    <main data-renders={renders}>
      <p data-testid="status">{status}</p>
      <button type="button" onClick={() => void login()}>Log in</button>
      {user ? (
        <>
          <ul>{["todos", "vault", "s3"].map((api) => <Token key={api} api={api} />)}</ul>
          <Secret oidc={oidc} vaultUrl={vaultUrl} sub={user.sub} />
        </>
      ) : null}
    </main>
  );
}

const { vaultUrl, ...config } = (await (await fetch("/e2e-config.json")).json()) as BenchConfig;
const oidc = createOidc(config);
// As the README recommends: the callback is processed while React mounts (the provider's start() joins it).
void oidc.start();
createRoot(document.getElementById("root")!).render(
  <OidcProvider oidc={oidc} fallback={<p data-testid="status">initializing</p>}>
    <Page oidc={oidc} vaultUrl={vaultUrl} />
  </OidcProvider>,
);
