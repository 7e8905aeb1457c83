// The bench journey written the way oidc-spa's "multiple APIs" guide does it: the login client through
// oidc-spa/react-spa, one dedicated client per API through createOidc({ autoLogin: true }), then the
// Vault JWT login and KV read with plain fetch. oidc-spa's defaults otherwise.
import { useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { createOidc } from "oidc-spa/core";
import { oidcSpa } from "oidc-spa/react-spa";

/** What the bench serves at /e2e-config.json for this page. */
interface OidcSpaBenchConfig {
  issuerUri: string;
  vaultUrl: string;
  loginClient: { clientId: string; scopes: string[] };
  apiClients: Record<string, string>;
}

const config = (await (await fetch("/e2e-config.json")).json()) as OidcSpaBenchConfig;

const { bootstrapOidc, useOidc, getOidc, OidcInitializationGate } = oidcSpa.createUtils();

void bootstrapOidc({
  implementation: "real",
  issuerUri: config.issuerUri,
  clientId: config.loginClient.clientId,
  scopes: config.loginClient.scopes,
});

let renders = 0;
// The bench counts Page renders over every full-page load through this binding (data-renders resets on each load).
const reportRender = () => (window as { benchRendered?: () => void }).benchRendered?.();

async function accessTokenOf(clientId: string): Promise<string> {
  const oidc = await createOidc({
    issuerUri: (await getOidc()).issuerUri,
    clientId,
    autoLogin: true,
    // The guide's `disabledDPoP: true`, spelled as the 10.2 types spell it; DPoP is off unless enabled at early init anyway.
    disableDPoP: true,
  });
  return (await oidc.getTokens()).accessToken;
}

async function readVaultSecret(vaultAccessToken: string, sub: string): Promise<Record<string, string>> {
  const vaultToken = await fetch(`${config.vaultUrl}/v1/auth/jwt/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role: "web-app", jwt: vaultAccessToken }),
  })
    .then((r) => r.json())
    .then((o: { auth: { client_token: string } }) => o.auth.client_token);
  return fetch(`${config.vaultUrl}/v1/secret/data/users/${sub}/api`, { headers: { "X-Vault-Token": vaultToken } })
    .then((r) => r.json())
    .then((o: { data: { data: Record<string, string> } }) => o.data.data);
}

function Apis({ sub }: { sub: string }) {
  const [tokens, setTokens] = useState<Record<string, string>>();
  const [secret, setSecret] = useState<string>();
  useEffect(() => {
    void (async () => {
      const entries = await Promise.all(
        Object.entries(config.apiClients).map(async ([api, clientId]) => [api, await accessTokenOf(clientId)] as const),
      );
      const byApi = Object.fromEntries(entries);
      setTokens(byApi);
      setSecret(JSON.stringify(await readVaultSecret(byApi.vault ?? "", sub)));
    })();
  }, [sub]);
  return (
    <>
      <ul>
        {Object.keys(config.apiClients).map((api) => (
          <li key={api} data-testid={`token-${api}`}>{tokens?.[api] ? "ready" : "loading"}</li>
        ))}
      </ul>
      {secret ? <p data-testid="secret">{secret}</p> : null}
    </>
  );
}

function Page() {
  renders++;
  reportRender();
  const oidc = useOidc();
  return (
    <main data-renders={renders}>
      <p data-testid="status">{oidc.isUserLoggedIn ? "loggedIn" : "loggedOut"}</p>
      <button type="button" onClick={() => void oidc.login?.()}>Log in</button>
      {oidc.isUserLoggedIn ? (
        <>
          {/* The tabs bench logs out through this button (the journey never clicks it). */}
          <button type="button" onClick={() => void oidc.logout({ redirectTo: "current page" })}>Log out</button>
          <Apis sub={String(oidc.decodedIdToken.sub)} />
        </>
      ) : null}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <OidcInitializationGate fallback={<p data-testid="status">initializing</p>}>
    <Page />
  </OidcInitializationGate>,
);
