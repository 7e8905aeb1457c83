// One minimal app per library: the provider, the session hook and an access token in a component, written the way
// each library's README starts. bench/size.ts bundles each for production and subtracts bare React.

/** Source of each contender's app (the bare-React baseline included). */
export const SIZE_ENTRIES: Record<string, string> = {
  "react (baseline)": `
import { createRoot } from "react-dom/client";
function Page() { return <p>hello</p>; }
createRoot(document.getElementById("root")!).render(<Page />);
`,
  "react-oidc-apis": `
import { createRoot } from "react-dom/client";
import { createOidc, OidcProvider, useApiToken, useOidc } from "react-oidc-apis";
const oidc = createOidc({ issuer: "https://idp.example", clients: { app: { clientId: "app" }, files: { clientId: "app", resource: "https://files.example" } } });
function Page() {
  const { user, login } = useOidc();
  const files = useApiToken("files");
  return <p onClick={() => void login()}>{String(user?.sub)} {files.accessToken}</p>;
}
createRoot(document.getElementById("root")!).render(<OidcProvider oidc={oidc}><Page /></OidcProvider>);
`,
  "react-oidc-context + oidc-client-ts": `
import { createRoot } from "react-dom/client";
import { AuthProvider, useAuth } from "react-oidc-context";
function Page() {
  const auth = useAuth();
  return <p onClick={() => void auth.signinRedirect()}>{String(auth.user?.profile.sub)} {auth.user?.access_token}</p>;
}
createRoot(document.getElementById("root")!).render(<AuthProvider authority="https://idp.example" client_id="app" redirect_uri="https://app.example/"><Page /></AuthProvider>);
`,
  "@auth0/auth0-react": `
import { createRoot } from "react-dom/client";
import { Auth0Provider, useAuth0 } from "@auth0/auth0-react";
function Page() {
  const { user, loginWithRedirect, getAccessTokenSilently } = useAuth0();
  return <p onClick={() => void loginWithRedirect()} onDoubleClick={() => void getAccessTokenSilently({ authorizationParams: { audience: "https://files.example" } })}>{String(user?.sub)}</p>;
}
createRoot(document.getElementById("root")!).render(<Auth0Provider domain="idp.example" clientId="app"><Page /></Auth0Provider>);
`,
  "oidc-spa": `
import { createRoot } from "react-dom/client";
import { oidcSpa } from "oidc-spa/react-spa";
const { bootstrapOidc, useOidc, OidcInitializationGate } = oidcSpa.createUtils();
void bootstrapOidc({ implementation: "real", issuerUri: "https://idp.example", clientId: "app" });
function Page() {
  const oidc = useOidc();
  return <p onClick={() => void (oidc.isUserLoggedIn ? oidc.logout({ redirectTo: "home" }) : oidc.login())}>{oidc.isUserLoggedIn ? String(oidc.decodedIdToken.sub) : "-"}</p>;
}
createRoot(document.getElementById("root")!).render(<OidcInitializationGate><Page /></OidcInitializationGate>);
`,
};
