// Live bench page for oidc-spa: the same three APIs, written the way oidc-spa's guides do it.
// - files: oidc-spa keeps one access token per client, so the login client itself asks for the files
//   resource (resource= on /auth and on every /token); its access token is the files token.
// - todos and vault: one dedicated client each through oidc-spa/core createOidc({ autoLogin: true }).
// - Vault: oidc-spa has no Vault layer; the page logs in at Vault once per upstream access token (and once
//   more on a 403) with plain fetch, which is the least a careful app would write.
// oidc-spa hands tokens out at call time (getTokens/getAccessToken), not through React state, so its API
// components render only when their own poll outcome changes. oidc-spa's defaults otherwise.
import { memo, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, type Oidc } from "oidc-spa/core";
import { oidcSpa } from "oidc-spa/react-spa";
import { installProbe } from "../live/pageProbe";
import type { LivePageCommon } from "../live/probeData";

/** What the driver serves at /e2e-config.json for this page. */
type Config = LivePageCommon & {
  issuerUri: string;
  loginClientId: string;
  loginScopes: string[];
  filesResource: string;
  todosClientId: string;
  vaultClientId: string;
};

const config = (await (await fetch("/e2e-config.json")).json()) as Config;
const probe = installProbe();
const { bootstrapOidc, useOidc, getOidc, OidcInitializationGate } = oidcSpa.createUtils();

void bootstrapOidc({
  implementation: "real",
  issuerUri: config.issuerUri,
  clientId: config.loginClientId,
  scopes: config.loginScopes,
  extraQueryParams: { resource: config.filesResource },
  extraTokenParams: { resource: config.filesResource },
});

// The login client's token is the files token: watch its rotations once logged in.
void getOidc().then((oidc) => {
  if (!oidc.isUserLoggedIn) return;
  void oidc.getAccessToken().then((token) => probe.tokenState("files", "ready", token));
  oidc.subscribeToAccessTokenRotation((token) => probe.tokenState("files", "ready", token));
});

const dedicated = new Map<string, Promise<Oidc.LoggedIn>>();
/** The dedicated client's instance, created once (the guide's createOidc with autoLogin). */
function dedicatedOidc(clientId: string, api: string): Promise<Oidc.LoggedIn> {
  let instance = dedicated.get(clientId);
  if (!instance) {
    instance = createOidc({ issuerUri: config.issuerUri, clientId, autoLogin: true, disableDPoP: true }).then((oidc) => {
      void oidc.getTokens().then((tokens) => probe.tokenState(api, "ready", tokens.accessToken));
      oidc.subscribeToTokensChange((tokens) => probe.tokenState(api, "ready", tokens.accessToken));
      return oidc;
    });
    // A failed creation (IdP down) is retried by the next poll, not cached for good.
    instance.catch(() => dedicated.delete(clientId));
    dedicated.set(clientId, instance);
  }
  return instance;
}

async function callTodos(): Promise<number> {
  const { accessToken } = await (await dedicatedOidc(config.todosClientId, "todos")).getTokens();
  return (await fetch(`${config.todosUrl}/todos`, { headers: { Authorization: `Bearer ${accessToken}` } })).status;
}

async function callFiles(): Promise<number> {
  const oidc = await getOidc();
  if (!oidc.isUserLoggedIn) throw new Error("not logged in");
  const accessToken = await oidc.getAccessToken();
  return (await fetch(`${config.filesUrl}/files`, { headers: { Authorization: `Bearer ${accessToken}` } })).status;
}

let vaultSession: { upstream: string; token: string } | undefined;

async function vaultLogin(upstream: string): Promise<string> {
  const response = await fetch(`${config.vaultUrl}/v1/auth/jwt/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ role: config.vaultRole, jwt: upstream }),
  });
  if (!response.ok) throw new Error(`vault login ${response.status}`);
  const token = ((await response.json()) as { auth: { client_token: string } }).auth.client_token;
  vaultSession = { upstream, token };
  probe.tokenState("vault", "ready", token);
  return token;
}

async function callVault(sub: string): Promise<number> {
  const { accessToken } = await (await dedicatedOidc(config.vaultClientId, "vault-oidc")).getTokens();
  const token = vaultSession?.upstream === accessToken ? vaultSession.token : await vaultLogin(accessToken);
  const read = (vaultToken: string) => fetch(`${config.vaultUrl}/v1/secret/data/users/${sub}/api`, { headers: { "X-Vault-Token": vaultToken } });
  const first = await read(token);
  if (first.status !== 403) return first.status;
  return (await read(await vaultLogin(accessToken))).status;
}

/** A component using one API: calls it every pollMs with a token read at call time; shows the last outcome. */
const ApiView = memo(function ApiView({ api, call }: { api: string; call: () => Promise<number> }) {
  const [status, setStatus] = useState("loading");
  probe.render(api);
  useEffect(
    () =>
      probe.poll(api, config.pollMs, async () => {
        try {
          const answer = await call();
          setStatus(answer === 200 ? "ready" : "error");
          return answer;
        } catch (error) {
          setStatus("error");
          throw error;
        }
      }),
    [api, call],
  );
  return <li data-testid={`api-${api}`} data-status={status}>{api}: {status}</li>;
});

const callVaultOf = new Map<string, () => Promise<number>>();
const vaultCaller = (sub: string) => {
  let call = callVaultOf.get(sub);
  if (!call) callVaultOf.set(sub, (call = () => callVault(sub)));
  return call;
};

function Page() {
  const oidc = useOidc();
  probe.render("page");
  probe.session(oidc.isUserLoggedIn ? "loggedIn" : oidc.initializationError ? "error" : "loggedOut");
  return (
    <main>
      <p data-testid="status">{oidc.isUserLoggedIn ? "loggedIn" : "loggedOut"}</p>
      <button type="button" onClick={() => void oidc.login?.()}>Log in</button>
      {oidc.isUserLoggedIn ? (
        <ul>
          <ApiView api="todos" call={callTodos} />
          <ApiView api="files" call={callFiles} />
          <ApiView api="vault" call={vaultCaller(String(oidc.decodedIdToken.sub))} />
        </ul>
      ) : null}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <OidcInitializationGate fallback={<p data-testid="status">initializing</p>}>
    <Page />
  </OidcInitializationGate>,
);
