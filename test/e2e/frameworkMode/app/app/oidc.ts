// One instance at module scope: evaluated on the server for every render (where it touches no browser global and the
// session shows as initializing) and once in the browser, where OidcProvider and the clientLoaders start it.
import { createOidc } from "react-oidc-apis";
import { clients, issuer } from "virtual:framework-e2e-config";

export const oidc = createOidc({ issuer, clients });
