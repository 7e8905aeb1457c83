// Live bench page for react-oidc-apis: three APIs (todos by a dedicated client, files by an RFC 8707
// resource of the login client, Vault by a dedicated client exchanged at Vault), each shown by its own
// component through the kit's hooks and called every `pollMs` with its own token. The kit's config is the
// driver's, untouched here (the soak passes defaults). No StrictMode: renders are counted as the app would see them.
import { memo, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, OidcProvider, useApiToken, useOidc, type OidcConfig } from "react-oidc-apis";
import { createVaultClient, useVaultToken } from "react-oidc-apis/vault";
import { installProbe } from "../live/pageProbe";
import type { LivePageCommon } from "../live/probeData";

type Api = "app" | "todos" | "files" | "vault";
type Config = LivePageCommon & { oidc: OidcConfig<Api> };

const config = (await (await fetch("/e2e-config.json")).json()) as Config;
const probe = installProbe();
const oidc = createOidc<Api>(config.oidc);
const vault = createVaultClient({ oidc, api: "vault", vaultUrl: config.vaultUrl, role: config.vaultRole });

// Renewals and statuses are observed on the store, independently of what renders.
function observe(): void {
  const { session, apis } = oidc.getSnapshot();
  probe.session(session.status);
  probe.tokenState("todos", apis.todos.status, apis.todos.accessToken);
  probe.tokenState("files", apis.files.status, apis.files.accessToken);
  probe.tokenState("vault-oidc", apis.vault.status, apis.vault.accessToken);
}
oidc.subscribe(observe);
observe();

const paths = { todos: `${config.todosUrl}/todos`, files: `${config.filesUrl}/files` };

async function callWithToken(api: "todos" | "files"): Promise<number> {
  const token = await oidc.getApiToken(api);
  return (await fetch(paths[api], { headers: { Authorization: `Bearer ${token}` } })).status;
}

/** A component using one API: its token through `useApiToken`, its calls every pollMs. */
const ApiView = memo(function ApiView({ api }: { api: "todos" | "files" }) {
  const token = useApiToken(api);
  probe.render(api, token.accessToken);
  useEffect(() => probe.poll(api, config.pollMs, () => callWithToken(api)), [api]);
  return <li data-testid={`api-${api}`} data-status={token.status}>{api}: {token.status}</li>;
});

/** A component using Vault: its Vault token through `useVaultToken`, a KV read every pollMs. */
const VaultView = memo(function VaultView({ sub }: { sub: string }) {
  const token = useVaultToken(vault);
  probe.render("vault", token.accessToken);
  probe.tokenState("vault", token.status, token.accessToken);
  useEffect(
    () => probe.poll("vault", config.pollMs, async () => (await vault.fetch(`secret/data/users/${sub}/api`)).status),
    [sub],
  );
  return <li data-testid="api-vault" data-status={token.status}>vault: {token.status}</li>;
});

function Page() {
  const { status, user, login } = useOidc();
  probe.render("page");
  return (
    <main>
      <p data-testid="status">{status}</p>
      <button type="button" onClick={() => void login()}>Log in</button>
      {user ? (
        <ul>
          <ApiView api="todos" />
          <ApiView api="files" />
          <VaultView sub={user.sub} />
        </ul>
      ) : null}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <OidcProvider oidc={oidc} fallback={<p data-testid="status">initializing</p>}>
    <Page />
  </OidcProvider>,
);
