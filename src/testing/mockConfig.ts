import { OidcError } from "../core/errors";
import type { ApiClientConfig, ResolvedApiClient, ResolvedOidcConfig, TokenStrategy } from "../core/types";

/** One named client of a mock instance; every field is optional. */
export interface MockClientConfig extends Partial<ApiClientConfig> {
  /** How the real kit would obtain this token. Default: `"login"` for the login client, else inferred from the other fields. */
  strategy?: TokenStrategy;
}

/** The parts of the configuration a mock instance lets a test choose. */
export interface MockConfigInput<Api extends string> {
  /** The named clients. */
  clients: Record<Api, MockClientConfig>;
  /** Name of the login client. Default: the first key of `clients`. */
  loginClient?: Api;
  /** Issuer written into the fake tokens. Default: `"https://idp.example.test"`. */
  issuer?: string;
  /** The app's origin, used for `redirectUri`. Default: `location.origin`, else `"http://localhost"`. */
  origin?: string;
}

function pageOrigin(): string {
  const origin = typeof location === "undefined" ? undefined : location.origin;
  return origin && origin !== "null" ? origin : "http://localhost";
}

function resolveClient(name: string, input: MockClientConfig, loginName: string, loginClientId: string): ResolvedApiClient {
  const isLogin = name === loginName;
  // Like the real kit: an API that narrows the login session (resource, audience, scope) shares its client id.
  const narrows = input.resource !== undefined || input.audience !== undefined || input.scope !== undefined;
  const clientId = input.clientId ?? (isLogin ? name : narrows ? loginClientId : name);
  const strategy: TokenStrategy =
    input.strategy ??
    (isLogin
      ? "login"
      : clientId !== loginClientId
        ? "dedicated"
        : input.resource !== undefined
          ? "resource"
          : input.audience !== undefined
            ? "audience"
            : "scope");
  return {
    ...input,
    name,
    clientId,
    strategy,
    scope: input.scope ?? "openid",
    expectedAudience: input.expectedAudience ?? input.resource ?? input.audience,
  };
}

/** A complete `ResolvedOidcConfig` from the few fields a test cares about; throws `config_invalid` on nonsense. */
export function resolveMockConfig<Api extends string>(input: MockConfigInput<Api>): ResolvedOidcConfig<Api> {
  const names = Object.keys(input.clients) as Api[];
  const loginClient = input.loginClient ?? names[0];
  if (loginClient === undefined || !names.includes(loginClient)) {
    throw new OidcError(
      "config_invalid",
      "createMockOidc: `clients` needs at least one entry, and `loginClient` (when given) must be one of its keys.",
    );
  }
  const loginClientId = input.clients[loginClient].clientId ?? loginClient;
  const clients = {} as Record<Api, ResolvedApiClient>;
  for (const name of names) clients[name] = resolveClient(name, input.clients[name], loginClient, loginClientId);
  const redirectUri = `${input.origin ?? pageOrigin()}/`;
  return {
    issuer: (input.issuer ?? "https://idp.example.test").replace(/\/+$/, ""),
    clients,
    loginClient,
    redirectUri,
    postLogoutRedirectUri: redirectUri,
    tokenStorage: "memory",
    sessionRestoration: "auto",
    autoLogin: false,
    renewBeforeExpirySeconds: 30,
    silentTimeoutMs: 10_000,
  };
}
