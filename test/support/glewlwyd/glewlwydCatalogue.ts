// Glewlwyd's clients, scopes, resource and user as plain data, so tests import names instead of retyping
// strings. Mirrors the dev IdP's catalogue shape where Glewlwyd can do the same thing.

/** A user Glewlwyd knows, with the password its login API takes. */
export interface GlewlwydUser {
  readonly username: string;
  readonly password: string;
}

/** A client of its own per API: a silent `prompt=none` authorization (needs `id_token_hint` on Glewlwyd). */
export interface GlewlwydDedicatedApi {
  readonly clientId: string;
  /** Scope to request: `openid` + the API scope. */
  readonly scope: string;
  /** The API scope (a Glewlwyd scope the user holds). */
  readonly apiScope: string;
}

/** An RFC 8707 resource of the login client, tied to one scope by the plugin's `resource-scope` map. */
export interface GlewlwydResourceApi {
  readonly clientId: string;
  /** The resource indicator. */
  readonly resource: string;
  /** The scope the resource is bound to. */
  readonly apiScope: string;
}

/** Everything `startGlewlwyd` provisions. */
export interface GlewlwydCatalogue {
  /** Name of the OIDC plugin instance: endpoints live under `/api/<pluginName>/`. */
  readonly pluginName: string;
  /** The client the user logs in with. */
  readonly loginClientId: string;
  /** Scope of the login authorization request (OpenID + every API scope of the login client). */
  readonly loginScope: string;
  readonly dedicated: { readonly todos: GlewlwydDedicatedApi; readonly vault: GlewlwydDedicatedApi };
  readonly resources: { readonly files: GlewlwydResourceApi };
  /** Every client id, login client first. */
  readonly clientIds: readonly string[];
  /** Scopes created besides Glewlwyd's built-in `openid`. */
  readonly apiScopes: readonly string[];
  /** The users created, first one is the default login. */
  readonly users: readonly GlewlwydUser[];
  /** The administrator the Debian database ships with. */
  readonly admin: GlewlwydUser;
}

const LOGIN_CLIENT_ID = "app";

/** Glewlwyd's provisioned clients, APIs and users. */
export const GLEWLWYD_CATALOGUE: GlewlwydCatalogue = {
  pluginName: "oidc",
  loginClientId: LOGIN_CLIENT_ID,
  loginScope: "openid files",
  dedicated: {
    todos: { clientId: "app-todos", scope: "openid todos", apiScope: "todos" },
    vault: { clientId: "app-vault", scope: "openid vault", apiScope: "vault" },
  },
  resources: {
    files: { clientId: LOGIN_CLIENT_ID, resource: "https://files.example", apiScope: "files" },
  },
  clientIds: [LOGIN_CLIENT_ID, "app-todos", "app-vault"],
  apiScopes: ["files", "todos", "vault"],
  users: [{ username: "alice", password: "alice-password-1" }],
  admin: { username: "admin", password: "password" },
};
