// The tabs bench page: the session, one row per shown API (text = its status), login/logout buttons, and
// `window.benchShow(api)` to start using an API late. `window.benchKitStart` stamps (performance.now()) the moment
// the kit is created, so the bench can time "tokens ready" from the kit's start as well as from navigation start.
import { useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, OidcProvider, useApiToken, useOidc, type OidcConfig } from "react-oidc-apis";

type TabsBenchConfig = OidcConfig & { show: string[] };
type BenchWindow = Window & { benchKitStart?: number; benchShow?: (api: string) => void; oidc?: unknown };

const { show, ...config } = (await (await fetch("/e2e-config.json")).json()) as TabsBenchConfig;
const shown = new Set(show);
const listeners = new Set<() => void>();
let shownList = [...shown];
(window as BenchWindow).benchShow = (api) => {
  shown.add(api);
  shownList = [...shown];
  for (const listener of listeners) listener();
};
const useShown = () =>
  useSyncExternalStore(
    (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    () => shownList,
  );

function TokenRow({ api }: { api: string }) {
  const token = useApiToken(api);
  return <li data-testid={`token-${api}`} data-status={token.status}>{token.status}</li>;
}

function Page() {
  const { status, user, login, logout } = useOidc();
  const apis = useShown();
  return (
    <main>
      <p data-testid="status">{status}</p>
      {user ? <p data-testid="user">{user.sub}</p> : null}
      <button type="button" onClick={() => void login()}>Log in</button>
      <button type="button" onClick={() => void logout()}>Log out</button>
      {status === "loggedIn" ? <ul>{apis.map((api) => <TokenRow key={api} api={api} />)}</ul> : null}
    </main>
  );
}

(window as BenchWindow).benchKitStart = performance.now();
const oidc = createOidc(config);
(window as BenchWindow).oidc = oidc;
createRoot(document.getElementById("root")!).render(
  <OidcProvider oidc={oidc} fallback={<p data-testid="status">initializing</p>}>
    <Page />
  </OidcProvider>,
);
