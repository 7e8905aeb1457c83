import type { ResolvedApiClient, TokenStrategy } from "./types.js";

/** What a silent or interactive authorization request asks for on behalf of one API. */
export interface AuthorizeParams {
  clientId: string;
  scope: string;
  /** RFC 8707 resources named at the authorization endpoint. */
  resources: string[];
  audience: string | undefined;
  /** The one resource the code is redeemed for (RFC 8707 allows one per token request). */
  tokenResource: string | undefined;
}

/** What a refresh grant asks for on behalf of one API. */
export interface RefreshParams {
  scope: string | undefined;
  resource: string | undefined;
}

/** Everything that differs between the ways of getting an API's token, in one record per strategy. */
export interface StrategyRecord {
  /** The token comes from the login session's refresh token: no authorization request of its own. */
  mintedFromSession: boolean;
  /** Parameters of an authorization request for `unit`; `all` are every client of the instance. */
  authorize(unit: ResolvedApiClient, login: ResolvedApiClient, all: ResolvedApiClient[]): AuthorizeParams;
  /** Parameters of a refresh grant for `unit`. */
  refresh(unit: ResolvedApiClient): RefreshParams;
}

const union = (...scopes: (string | undefined)[]): string =>
  [...new Set(scopes.flatMap((s) => (s ?? "").split(" ")).filter(Boolean))].join(" ");

const defined = (values: (string | undefined)[]): string[] => values.filter((v): v is string => v !== undefined);

const ownGrant = (unit: ResolvedApiClient): AuthorizeParams => ({
  clientId: unit.clientId,
  scope: unit.scope,
  resources: defined([unit.resource]),
  audience: unit.audience,
  tokenResource: unit.resource,
});

/**
 * The login client's authorization asks for everything the shared-client APIs will later ask the token endpoint
 * for, so one consent covers them all. Those APIs authorize through it too: their tokens come from its grant.
 */
function sessionGrant(_unit: ResolvedApiClient, login: ResolvedApiClient, all: ResolvedApiClient[]): AuthorizeParams {
  const shared = all.filter((u) => strategies[u.strategy].mintedFromSession);
  return {
    clientId: login.clientId,
    scope: union(login.scope, ...shared.map((u) => u.scope)),
    resources: defined([login.resource, ...shared.map((u) => u.resource)]),
    audience: login.audience,
    tokenResource: login.resource,
  };
}

/** The strategy records, by name. */
export const strategies: Record<TokenStrategy, StrategyRecord> = {
  login: {
    mintedFromSession: false,
    authorize: sessionGrant,
    refresh: () => ({ scope: undefined, resource: undefined }),
  },
  dedicated: {
    mintedFromSession: false,
    authorize: ownGrant,
    refresh: (unit) => ({ scope: undefined, resource: unit.resource }),
  },
  resource: {
    mintedFromSession: true,
    authorize: sessionGrant,
    refresh: (unit) => ({ scope: unit.scope || undefined, resource: unit.resource }),
  },
  audience: {
    mintedFromSession: false,
    authorize: (unit, login) => ({ ...ownGrant(unit), scope: union(unit.scope || login.scope) }),
    refresh: () => ({ scope: undefined, resource: undefined }),
  },
  scope: {
    mintedFromSession: true,
    authorize: sessionGrant,
    refresh: (unit) => ({ scope: unit.scope, resource: undefined }),
  },
};

/** The client whose grant (refresh token) mints `unit`'s tokens. */
export function grantOwner(unit: ResolvedApiClient, login: ResolvedApiClient): ResolvedApiClient {
  return strategies[unit.strategy].mintedFromSession ? login : unit;
}
