// Scopes, users, clients and consents, created through the admin API (and each user's own session for
// consent, which Glewlwyd only takes from the user).
import type { ApiSession } from "./apiSession";
import { openApiSession } from "./apiSession";
import { GLEWLWYD_CATALOGUE as C, type GlewlwydUser } from "./glewlwydCatalogue";

/** What clients are registered with. */
export interface ClientSettings {
  redirectUris: readonly string[];
  postLogoutRedirectUris: readonly string[];
}

interface ModuleInstance {
  display_name: string;
  order_rank: number;
  readonly: boolean;
  parameters: { "data-format": Record<string, unknown> } & Record<string, unknown>;
}

/** Debian's client database module declares `post_logout_redirect_uri` (single), but the OIDC plugin's
 *  end_session reads `post_logout_redirect_uris` (an array): without this property clients cannot store it,
 *  and logout stops on Glewlwyd's own page. Declare it and reset the module so it takes effect. */
export async function fixClientModule(admin: ApiSession): Promise<void> {
  const module = await admin.get<ModuleInstance>("/mod/client/database");
  module.parameters["data-format"]["post_logout_redirect_uris"] = { multiple: true, read: true, write: true };
  await admin.put("/mod/client/database", {
    display_name: module.display_name,
    order_rank: module.order_rank,
    readonly: module.readonly,
    parameters: module.parameters,
  });
  await admin.put("/mod/client/database/reset");
}

/** One scope per API; a password login is enough and lasts as long as the session. */
export async function createScopes(admin: ApiSession): Promise<void> {
  for (const name of C.apiScopes) {
    await admin.post("/scope/", {
      name,
      display_name: name,
      description: `The ${name} API`,
      password_required: true,
      password_max_age: 0,
      scheme: {},
    });
  }
}

/** Each catalogue user, holding `openid`, every API scope, and `g_profile` (needed to grant consent). */
export async function createUsers(admin: ApiSession): Promise<void> {
  for (const user of C.users) {
    await admin.post("/user/", {
      username: user.username,
      password: user.password,
      name: user.username.charAt(0).toUpperCase() + user.username.slice(1),
      email: `${user.username}@example.test`,
      scope: ["openid", "g_profile", ...C.apiScopes],
      enabled: true,
    });
  }
}

/** The scope each client is consented for. */
export function clientScopes(): Record<string, string> {
  return {
    [C.loginClientId]: C.loginScope,
    ...Object.fromEntries(Object.values(C.dedicated).map((api) => [api.clientId, api.scope])),
  };
}

/** Public PKCE clients (no secret), code and refresh grants, the same redirect URIs; `app` lists its resource. */
export async function createClients(admin: ApiSession, settings: ClientSettings): Promise<void> {
  for (const clientId of C.clientIds) {
    const resources = Object.values(C.resources).filter((api) => api.clientId === clientId).map((api) => api.resource);
    await admin.post("/client/", {
      client_id: clientId,
      name: clientId,
      confidential: false,
      enabled: true,
      redirect_uri: [...settings.redirectUris],
      post_logout_redirect_uris: [...settings.postLogoutRedirectUris],
      authorization_type: ["code", "refresh_token"],
      token_endpoint_auth_method: ["none"],
      ...(resources.length > 0 ? { resource: resources } : {}),
    });
  }
}

/** Consent for every client, given by each user in their own session: without it `prompt=none` cannot
 *  succeed and the login page shows a grant screen. */
export async function grantConsents(apiBase: string, users: readonly GlewlwydUser[]): Promise<void> {
  for (const user of users) {
    const session = await openApiSession(apiBase, user);
    for (const [clientId, scope] of Object.entries(clientScopes())) {
      await session.put(`/auth/grant/${encodeURIComponent(clientId)}/`, { scope });
    }
    // The consent outlives this API session; a browser's login starts a session of its own.
    await session.delete("/auth/");
  }
}
