import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, decodeJwtPayload, OidcProvider, useApiToken, useOidc, type OidcConfig } from "react-oidc-apis";

type E2eConfig = OidcConfig & { show: string[] };

function TokenRow({ api }: { api: string }) {
  const token = useApiToken(api);
  const claims = token.accessToken ? decodeJwtPayload(token.accessToken) : undefined;
  return (
    <li data-testid={`token-${api}`} data-status={token.status} data-aud={JSON.stringify(claims?.aud ?? null)}
      data-client-id={String(claims?.client_id ?? "")} data-error={token.error?.code ?? ""}>
      {api}: {token.status} {token.error ? `(${token.error.code}: ${token.error.message})` : ""}
    </li>
  );
}

function Page({ show }: { show: string[] }) {
  const { status, user, error, login, logout } = useOidc();
  return (
    <main>
      <p data-testid="status" data-error={error?.code ?? ""}>{status}</p>
      {user ? <p data-testid="user">{user.sub}</p> : null}
      <button type="button" onClick={() => void login()}>Log in</button>
      <button type="button" onClick={() => void logout()}>Log out</button>
      {status === "loggedIn" ? <ul>{show.map((api) => <TokenRow key={api} api={api} />)}</ul> : null}
    </main>
  );
}

const { show, ...config } = (await (await fetch("/e2e-config.json")).json()) as E2eConfig;
const oidc = createOidc(config);
(window as unknown as { oidc: typeof oidc }).oidc = oidc;
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <OidcProvider oidc={oidc} fallback={<p data-testid="status">initializing</p>}>
      <Page show={show} />
    </OidcProvider>
  </StrictMode>,
);
