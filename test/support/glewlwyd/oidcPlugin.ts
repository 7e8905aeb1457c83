// The OpenID Connect plugin instance: its parameters are fixed when the instance is created
// (`POST /api/mod/plugin/`), so everything the tests need is decided here.
import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import type { ApiSession } from "./apiSession";
import { GLEWLWYD_CATALOGUE as C } from "./glewlwydCatalogue";

/** What the tests choose about the plugin. */
export interface OidcPluginOptions {
  /** Issuer written into tokens and discovery (`iss` parameter). */
  issuer: string;
  /** Access token lifetime, seconds. */
  accessTokenTtlSeconds: number;
  /** `refresh-token-one-use`: `always` rotates refresh tokens on every use; `never` (Glewlwyd's default) keeps them. */
  refreshTokenRotation: boolean;
}

/** An RS256 signing key pair in the PEM forms the plugin's `key` / `cert` parameters take. */
async function signingKey(): Promise<{ key: string; cert: string }> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
  return {
    key: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    // Glewlwyd imports `cert` as "any PEM": a bare public key is enough, no certificate needed.
    cert: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The plugin parameters: the admin UI's defaults where they suit, and what the kit's flows need. */
export async function oidcPluginParameters(options: OidcPluginOptions): Promise<Record<string, unknown>> {
  const { key, cert } = await signingKey();
  return {
    iss: options.issuer,
    "oauth-as-iss-id": false,
    "jwt-type": "rsa",
    "jwt-key-size": "256",
    key,
    cert,
    "access-token-duration": options.accessTokenTtlSeconds,
    "refresh-token-duration": 1_209_600,
    "code-duration": 600,
    "refresh-token-rolling": true,
    "refresh-token-one-use": options.refreshTokenRotation ? "always" : "never",
    "client-refresh-token-one-use-parameter": "refresh-token-one-use",
    "allow-non-oidc": false,
    "auth-type-code-enabled": true,
    "auth-type-code-revoke-replayed": false,
    "auth-type-token-enabled": false,
    "auth-type-id-token-enabled": true,
    "auth-type-none-enabled": false,
    "auth-type-password-enabled": false,
    "auth-type-client-enabled": false,
    "auth-type-device-enabled": false,
    "auth-type-refresh-enabled": true,
    scope: [],
    "additional-parameters": [],
    claims: [],
    "name-claim": "on-demand",
    "email-claim": "no",
    "scope-claim": "no",
    "address-claim": { type: "no", mandatory: false },
    // Only what discovery lists in scopes_supported; every scope stays usable.
    "allowed-scope": ["openid", ...C.apiScopes],
    "jwks-show": true,
    "request-parameter-allow": false,
    "secret-type": "pairwise",
    "pkce-allowed": true,
    "pkce-method-plain-allowed": false,
    "pkce-required": false,
    "introspection-revocation-allowed": false,
    "register-client-allowed": false,
    // end_session_endpoint (and check_session_iframe) only exist with session management on.
    "session-management-allowed": true,
    "session-cookie-name": "GLEWLWYD2_OIDC_SID",
    "session-cookie-expiration": 2_419_200,
    // Must stay on (the admin UI's default): with it off, the session list that the end-session page loads
    // (`GET /api/oidc/session/<sid>/<client_id>`) always answers 400, and logout cannot complete.
    "front-channel-logout-allowed": true,
    "back-channel-logout-allowed": true,
    "encrypt-out-token-allow": false,
    "oauth-dpop-allowed": false,
    // RFC 8707: a resource is allowed when its scope maps it AND the client lists it (client property `resource`).
    "resource-allowed": true,
    "resource-scope": Object.fromEntries(Object.values(C.resources).map((api) => [api.apiScope, [api.resource]])),
    "resource-client-property": "resource",
    "resource-scope-and-client-property": true,
    "oauth-rar-allowed": false,
    "oauth-par-allowed": false,
    "oauth-ciba-allowed": false,
  };
}

/** Create and enable the plugin instance named `C.pluginName`. */
export async function createOidcPlugin(admin: ApiSession, options: OidcPluginOptions): Promise<void> {
  await admin.post("/mod/plugin/", {
    module: "oidc",
    name: C.pluginName,
    display_name: "OpenID Connect",
    parameters: await oidcPluginParameters(options),
    order_rank: 0,
    readonly: false,
  });
}
