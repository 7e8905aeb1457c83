import { OidcError } from "../core/errors.js";
import { resolveConfig } from "../core/config.js";
import type { ApiClientConfig, ResolvedApiClient, ResolvedOidcConfig, TokenStrategy } from "../core/types.js";

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

function mockClientId(name: string, input: MockClientConfig, loginName: string, loginClientId: string): string {
  // Like the real kit: an API that narrows the login session (resource, audience, scope) shares its client id.
  const narrows = input.resource !== undefined || input.audience !== undefined || input.scope !== undefined;
  return input.clientId ?? (name === loginName ? name : narrows ? loginClientId : name);
}

/** A complete `ResolvedOidcConfig` through the real validation, from the few fields a test cares about. */
export function resolveMockConfig<Api extends string>(input: MockConfigInput<Api>): ResolvedOidcConfig<Api> {
  const clientsInput = (input as { clients?: unknown }).clients;
  const names = typeof clientsInput === "object" && clientsInput !== null ? (Object.keys(clientsInput) as Api[]) : [];
  const loginClient = input.loginClient ?? names[0];
  if (loginClient === undefined || !names.includes(loginClient)) {
    throw new OidcError(
      "config_invalid",
      "createMockOidc: `clients` needs at least one entry, and `loginClient` (when given) must be one of its keys.",
    );
  }
  const loginClientId = input.clients[loginClient].clientId ?? loginClient;
  const clients = {} as Record<Api, ApiClientConfig>;
  for (const name of names) {
    const { strategy: _strategy, ...rest } = input.clients[name];
    clients[name] = { ...rest, clientId: mockClientId(name, input.clients[name], loginClient, loginClientId) };
  }
  const resolved = resolveConfig<Api>(
    { issuer: input.issuer ?? "https://idp.example.test", clients, loginClient },
    input.origin ?? pageOrigin(),
  );
  // A story may show a strategy its made-up client ids would not imply.
  const withStrategies: Record<Api, ResolvedApiClient> = { ...resolved.clients };
  for (const name of names) {
    const strategy = input.clients[name].strategy;
    if (strategy !== undefined) withStrategies[name] = { ...withStrategies[name], strategy };
  }
  return { ...resolved, clients: withStrategies };
}
