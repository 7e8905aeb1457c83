// The dev IdP's clients and APIs as plain data. No Node imports: the example app's browser code and
// the tests import these names instead of retyping strings.

/** An API reached through its own OIDC client (Keycloak style): a silent `prompt=none` authorization. */
export interface DevDedicatedApi {
  /** The OAuth client that obtains this API's token. */
  readonly clientId: string;
  /** Scope to request; the API scope is also added by the IdP when missing (a Keycloak default client scope). */
  readonly scope: string;
  /** `aud` of the access token (a JWT). */
  readonly audience: string;
}

/** An RFC 8707 resource server of the login client: one `resource=` per token request. */
export interface DevResourceApi {
  /** The login client's id: resource tokens come from its refresh token. */
  readonly clientId: string;
  /** The resource indicator, also the token's `aud`. */
  readonly resource: string;
  /** The API's own scopes (space-separated); request them at login along with `resource`. */
  readonly scope: string;
  /** `aud` of the access token; equal to `resource`. */
  readonly audience: string;
}

/** An API reached by narrowing the login client's refresh to a scope (Keycloak optional client scope + Audience mapper). */
export interface DevScopeApi {
  /** The login client's id. */
  readonly clientId: string;
  /** The scope of the refresh request (`openid` + the API scope); the API scope also goes into the login request. */
  readonly scope: string;
  /** The scope that maps onto this API's audience. */
  readonly apiScope: string;
  /** `aud` of the access token. */
  readonly audience: string;
}

/** Every client id, API and account rule of the dev IdP. */
export interface DevCatalogue {
  /** Client the user logs in with interactively. */
  readonly loginClientId: string;
  /** OIDC scopes of the login client (the login request adds the API scopes of `loginAuthorizeScope`). */
  readonly loginScope: string;
  /** The full `scope` of the login authorization request: OIDC scopes + files, reports and notes API scopes. */
  readonly loginAuthorizeScope: string;
  /** The `resource` values of the login authorization request (files and reports). */
  readonly loginResources: readonly string[];
  /** Dedicated clients, one per API. */
  readonly dedicated: { readonly todos: DevDedicatedApi; readonly vault: DevDedicatedApi; readonly s3: DevDedicatedApi };
  /**
   * A second client of the todos API whose access tokens are always DPoP-bound (`dpop_bound_access_tokens`): a token
   * request without a DPoP proof is refused. (Any other client gets a DPoP-bound token when it sends a proof.)
   */
  readonly dpopBound: DevDedicatedApi;
  /** RFC 8707 resources of the login client; `reports` is also reachable with Auth0-style `audience=`. */
  readonly resources: { readonly files: DevResourceApi; readonly reports: DevResourceApi };
  /** Scope-strategy APIs of the login client. */
  readonly scopes: { readonly notes: DevScopeApi };
  /** Every client id, login client first. */
  readonly clientIds: readonly string[];
  /** Login name the user agent and the example use by default. */
  readonly defaultLogin: string;
  /** Login names starting with this get no groups (every other login is in `staffGroup`). */
  readonly guestPrefix: string;
  /** The one group non-guest users belong to (`groups` claim). */
  readonly staffGroup: string;
  /** Users' e-mail is `<login>@<emailDomain>`. */
  readonly emailDomain: string;
}

const LOGIN_CLIENT_ID = "myapp";

/** The dev IdP's catalogue of clients, APIs and accounts. */
export const DEV_CATALOGUE: DevCatalogue = {
  loginClientId: LOGIN_CLIENT_ID,
  loginScope: "openid profile email offline_access",
  loginAuthorizeScope: "openid profile email offline_access files:read files:write reports:read notes",
  loginResources: ["https://files.example", "https://reports.example"],
  dedicated: {
    todos: { clientId: "myapp-todos", scope: "openid todos", audience: "todos-api" },
    vault: { clientId: "myapp-vault", scope: "openid vault", audience: "vault" },
    s3: { clientId: "myapp-s3", scope: "openid s3", audience: "s3" },
  },
  dpopBound: { clientId: "myapp-todos-dpop", scope: "openid todos", audience: "todos-api" },
  resources: {
    files: {
      clientId: LOGIN_CLIENT_ID,
      resource: "https://files.example",
      scope: "files:read files:write",
      audience: "https://files.example",
    },
    reports: {
      clientId: LOGIN_CLIENT_ID,
      resource: "https://reports.example",
      scope: "reports:read",
      audience: "https://reports.example",
    },
  },
  scopes: {
    notes: { clientId: LOGIN_CLIENT_ID, scope: "openid notes", apiScope: "notes", audience: "https://notes.example" },
  },
  clientIds: [LOGIN_CLIENT_ID, "myapp-todos", "myapp-vault", "myapp-s3", "myapp-todos-dpop"],
  defaultLogin: "alice",
  guestPrefix: "guest",
  staffGroup: "staff",
  emailDomain: "example.test",
};

/** The `groups` claim of a login name: guests get none. */
export function groupsFor(login: string): string[] {
  return login.startsWith(DEV_CATALOGUE.guestPrefix) ? [] : [DEV_CATALOGUE.staffGroup];
}
