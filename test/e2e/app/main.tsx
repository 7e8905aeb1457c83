// The page the end-to-end and conformance suites drive: the session and one row per API, every field a test reads
// as a data attribute.
import { StrictMode, useState } from "react";
import { createRoot } from "react-dom/client";
import { createOidc, decodeJwtPayload, OidcProvider, useApiToken, useOidc, type OidcConfig, type OidcError } from "react-oidc-apis";

type E2eConfig = OidcConfig & { show: string[] };

const errorAttributes = (error: OidcError | undefined) => ({
  "data-error": error?.code ?? "",
  "data-error-message": error?.message ?? "",
  "data-idp-error": error?.idpError ?? "",
  "data-idp-error-description": error?.idpErrorDescription ?? "",
});

function TokenRow({ api }: { api: string }) {
  const token = useApiToken(api);
  const claims = token.accessToken ? decodeJwtPayload(token.accessToken) : undefined;
  return (
    <li
      data-testid={`token-${api}`}
      data-status={token.status}
      data-aud={JSON.stringify(claims?.aud ?? null)}
      data-client-id={String(claims?.client_id ?? "")}
      data-token-tail={token.accessToken?.slice(-12) ?? ""}
      {...errorAttributes(token.error)}
    >
      {api}: {token.status} {token.error ? `(${token.error.code}: ${token.error.message})` : ""}
    </li>
  );
}

function Page({ show }: { show: string[] }) {
  const { status, user, error, login, logout } = useOidc();
  const [popupOutcome, setPopupOutcome] = useState("");
  // Not named "Log in...": tests find the redirect login's button by that (sub)string.
  const popupLogin = () =>
    oidc.loginWithPopup().then(
      (claims) => setPopupOutcome(`ok:${claims.sub}`),
      (failure: OidcError) => setPopupOutcome(failure.code),
    );
  return (
    <main>
      <p data-testid="status" data-status={status} {...errorAttributes(error)}>{status}</p>
      {user ? <p data-testid="user">{user.sub}</p> : null}
      <button type="button" onClick={() => void login()}>Log in</button>
      <button type="button" onClick={() => void popupLogin()}>Popup sign-in</button>
      <p data-testid="popup-outcome">{popupOutcome}</p>
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
    <OidcProvider oidc={oidc} fallback={<p data-testid="status" data-status="initializing">initializing</p>}>
      <Page show={show} />
    </OidcProvider>
  </StrictMode>,
);
