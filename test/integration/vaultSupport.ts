// Real OIDC access tokens for the Vault integration tests: a PKCE code flow at the dev IdP through the
// browserless user agent, and a real refresh_token grant for "the upstream token was renewed".
import { afterAll, beforeAll } from "vitest";
import { startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { startDevVault, type DevVault, type DevVaultOptions, type VaultRoleConfig } from "../../dev-server/vaultServer";
import { createMockOidc, type MockOidc } from "../../src/testing";
import { createPkce, authorizeUrl, exchangeCode, tokenRequest } from "../support/rawOAuth";
import { createUserAgent } from "../support/userAgent";

/** The app's redirect URI registered at the dev IdP; nothing listens there, the user agent stops at it. */
export const REDIRECT_URI = "http://127.0.0.1:5173/";

/** Tokens of one client for one user. */
export interface RealTokens {
  accessToken: string;
  refreshToken: string;
}

/** Logs `login` in at the IdP as `clientId` (authorization code + PKCE) and returns its tokens. */
export async function signIn(issuer: string, login: string, clientId = "myapp-vault", scope = "openid vault"): Promise<RealTokens> {
  const pkce = createPkce();
  const callback = await createUserAgent().authorize(authorizeUrl(issuer, { clientId, redirectUri: REDIRECT_URI, scope, pkce }), { login });
  const { status, body } = await exchangeCode(issuer, callback, { clientId, redirectUri: REDIRECT_URI, pkce });
  if (status !== 200 || !body.access_token || !body.refresh_token) throw new Error(`Token request failed: ${status} ${JSON.stringify(body)}`);
  return { accessToken: body.access_token, refreshToken: body.refresh_token };
}

/** A real refresh_token grant: a new access token for the same user and client. */
export async function refresh(issuer: string, tokens: RealTokens, clientId = "myapp-vault"): Promise<RealTokens> {
  const { status, body } = await tokenRequest(issuer, { grant_type: "refresh_token", client_id: clientId, refresh_token: tokens.refreshToken });
  if (status !== 200 || !body.access_token) throw new Error(`Refresh failed: ${status} ${JSON.stringify(body)}`);
  return { accessToken: body.access_token, refreshToken: body.refresh_token ?? tokens.refreshToken };
}

/** An `Oidc` whose "vault" API yields the given real access token (swap it with `setToken` to model a renewal). */
export function oidcWithVaultToken(login: string, accessToken: string): MockOidc<"app" | "vault"> {
  return createMockOidc<"app" | "vault">({
    clients: { app: { clientId: "myapp" }, vault: { clientId: "myapp-vault" } },
    user: { sub: login },
    tokens: { vault: accessToken },
  });
}

/** The JWT role the Vault suites log in with: the `vault` client's tokens, one entity per `sub`. */
const WEB_APP_ROLE: VaultRoleConfig = { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_ttl: 3600, token_policies: ["user-secrets"] };

/** Each user's one secret, written at their first Vault login. */
const seedApiKey: DevVaultOptions["seed"] = (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } });

/**
 * Starts the dev IdP and a dev Vault that trusts it (role "web-app", plus `roles`; each user's secret
 * `users/<user>/api`) for the calling file's tests; the getters read them once started.
 */
export function useVaultStack(options: { roles?: Record<string, VaultRoleConfig> } = {}): {
  idp: () => DevIdp;
  vault: () => DevVault;
} {
  let idp: DevIdp;
  let vault: DevVault;
  beforeAll(async () => {
    idp = await startDevIdp({ redirectUris: [REDIRECT_URI] });
    vault = await startDevVault({
      jwt: { oidcDiscoveryUrl: idp.issuer, boundIssuer: idp.issuer, roles: { "web-app": WEB_APP_ROLE, ...options.roles } },
      corsOrigins: [new URL(REDIRECT_URI).origin],
      seed: seedApiKey,
    });
  });
  afterAll(async () => {
    await vault?.close();
    await idp?.close();
  });
  return { idp: () => idp, vault: () => vault };
}
