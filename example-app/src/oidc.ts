import { createOidc, type Oidc } from "react-oidc-apis";
import { createVaultClient, type VaultClient } from "react-oidc-apis/vault";
import type { RuntimeConfig } from "./runtimeConfig";

/** The app's named clients: one per API, each with its own access token. */
export type AppApi = "app" | "todos" | "vault" | "files" | "reports" | "notes";

/** The app's OIDC instance type. */
export type AppOidc = Oidc<AppApi>;

/**
 * One OIDC session, six access tokens. The client ids, scopes and audiences are those the dev IdP registers
 * (dev-server/devCatalogue.ts); with Keycloak, Auth0 or Entra ID they would be your realm's.
 */
export function createAppOidc(config: RuntimeConfig): AppOidc {
  return createOidc<AppApi>({
    issuer: config.issuer,
    loginClient: "app",
    clients: {
      // The client the user logs in with; its ID token gives the profile.
      app: { clientId: "myapp", scope: "openid profile email offline_access" },
      // Keycloak style: a dedicated client per API, tokens from a silent authorization on the IdP session. Sender-
      // constrained (DPoP, RFC 9449): the token is bound to a key of this page, so a stolen copy is useless elsewhere.
      todos: { clientId: "myapp-todos", scope: "openid todos", expectedAudience: "todos-api", baseUrls: [config.apis.todos], dpop: true },
      vault: { clientId: "myapp-vault", scope: "openid vault", expectedAudience: "vault", baseUrls: [config.vault.url] },
      // RFC 8707: the login client's refresh token, narrowed with `resource=`.
      files: {
        clientId: "myapp",
        resource: "https://files.example",
        scope: "files:read files:write",
        baseUrls: [config.apis.files],
      },
      // Auth0 style: a silent authorization on the login client with `audience=`.
      reports: { clientId: "myapp", audience: "https://reports.example", scope: "openid reports:read", baseUrls: [config.apis.reports] },
      // A scope that the IdP maps onto the API's audience (Keycloak optional client scope + audience mapper).
      notes: { clientId: "myapp", scope: "openid notes", expectedAudience: "https://notes.example", baseUrls: [config.apis.notes] },
    },
  });
}

/** The app's one Vault client: made once next to the OIDC instance and passed to loaders and hooks. */
export function createAppVault(oidc: AppOidc, config: RuntimeConfig): VaultClient<AppApi> {
  return createVaultClient({ oidc, api: "vault", vaultUrl: config.vault.url, role: config.vault.role });
}
