// Which resource server a token request lands on: the four ways the catalogue reaches an API
// (dedicated client, RFC 8707 resource, Auth0 `audience`, Keycloak-style scope) mapped onto
// oidc-provider's resource indicators.
import type {
  KoaContextWithOIDC,
  ParamValue,
  ProviderClient,
  ProviderMiddleware,
  ResourceServerInfo,
} from "oidc-provider";
import { DEV_CATALOGUE } from "./devCatalogue";

/** One resource server of the dev IdP. */
export interface DevResourceServer {
  /** Resource indicator (absolute URI, as oidc-provider requires; internal for dedicated clients). */
  identifier: string;
  /** `aud` of its JWT access tokens. */
  audience: string;
  /** Space-separated scopes it defines. */
  scope: string;
  /** The only client that may obtain tokens for it. */
  clientId: string;
  /** True when it is the client's default resource (dedicated clients send no `resource`). */
  dedicated: boolean;
  /** A scope that implies this resource in an authorization request (Keycloak optional client scope). */
  impliedByScope?: string;
}

const { dedicated, dpopBound, resources, scopes } = DEV_CATALOGUE;

/** Every resource server of the catalogue. */
export const RESOURCE_SERVERS: readonly DevResourceServer[] = [
  ...[...Object.values(dedicated), dpopBound].map((api) => ({
    // Dedicated audiences ("vault") are not URIs; oidc-provider wants an absolute URI as identifier.
    identifier: `urn:dev-idp:${api.audience}`,
    audience: api.audience,
    scope: api.scope.split(" ").filter((s) => s !== "openid").join(" "),
    clientId: api.clientId,
    dedicated: true,
  })),
  ...Object.values(resources).map((api) => ({
    identifier: api.resource,
    audience: api.audience,
    scope: api.scope,
    clientId: api.clientId,
    dedicated: false,
  })),
  ...Object.values(scopes).map((api) => ({
    identifier: api.audience,
    audience: api.audience,
    scope: api.apiScope,
    clientId: api.clientId,
    dedicated: false,
    impliedByScope: api.apiScope,
  })),
];

function serversOf(clientId: string): DevResourceServer[] {
  return RESOURCE_SERVERS.filter((server) => server.clientId === clientId);
}

function first(value: ParamValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function scopeSet(scope: string | undefined): Set<string> {
  return new Set((scope ?? "").split(" ").filter(Boolean));
}

function impliedByScope(clientId: string, scope: string | undefined): DevResourceServer[] {
  const requested = scopeSet(scope);
  return serversOf(clientId).filter((server) => server.impliedByScope && requested.has(server.impliedByScope));
}

/**
 * `features.resourceIndicators.defaultResource`. Without `oneOf` (an authorization request that sent
 * no `resource`): the dedicated client's API, the Auth0 `audience`, and resources implied by scope.
 * With `oneOf` (a token request without `resource` on a grant with several): the one resource the
 * requested `scope` points at, else none (the opaque userinfo token).
 */
export async function defaultResource(
  ctx: KoaContextWithOIDC,
  client: ProviderClient,
  oneOf?: string[],
): Promise<string | string[] | undefined> {
  const params = ctx.oidc.params ?? {};
  if (oneOf) {
    const requested = scopeSet(first(params.scope));
    const matching = oneOf.filter((identifier) => {
      const server = RESOURCE_SERVERS.find((s) => s.identifier === identifier);
      return server !== undefined && [...scopeSet(server.scope)].some((s) => requested.has(s));
    });
    return matching.length === 1 ? matching[0] : undefined;
  }
  const found = new Set<string>();
  for (const server of serversOf(client.clientId)) {
    if (server.dedicated) found.add(server.identifier);
  }
  // An unknown audience is passed through so getResourceServerInfo answers invalid_target.
  const audience = first(params.audience);
  if (audience) found.add(audience);
  for (const server of impliedByScope(client.clientId, first(params.scope))) found.add(server.identifier);
  const list = [...found];
  return list.length === 0 ? undefined : list.length === 1 ? list[0] : list;
}

/** `features.resourceIndicators.useGrantedResource`: a token request without `resource` may use the granted one(s). */
export async function useGrantedResource(): Promise<boolean> {
  return true;
}

/**
 * `features.resourceIndicators.getResourceServerInfo` for a given access token lifetime. `invalidTarget`
 * makes oidc-provider's InvalidTarget error (passed in so this module never loads oidc-provider itself).
 */
export function resourceServerInfo(accessTokenTtlSeconds: number, invalidTarget: () => Error) {
  return async (_ctx: KoaContextWithOIDC, indicator: string, client: ProviderClient): Promise<ResourceServerInfo> => {
    const server = serversOf(client.clientId).find((s) => s.identifier === indicator);
    if (!server) throw invalidTarget();
    return {
      scope: server.scope,
      audience: server.audience,
      accessTokenTTL: accessTokenTtlSeconds,
      accessTokenFormat: "jwt",
      jwt: { sign: { alg: "ES256" } },
    };
  };
}

/**
 * Shapes authorization requests the way Keycloak would see them, before oidc-provider parses them:
 * a dedicated client always gets its API scope (a default client scope), and a scope that implies a
 * resource adds that `resource` when the request already names others (defaultResource covers the
 * request that names none). Only GET /auth: the flows under test use redirects and iframes.
 */
export function authorizationShaper(authorizationPath: string): ProviderMiddleware {
  return async (ctx, next) => {
    if (ctx.method === "GET" && ctx.path === authorizationPath) {
      const query = new URLSearchParams(ctx.querystring);
      const clientId = query.get("client_id") ?? "";
      const scope = scopeSet(query.get("scope") ?? undefined);
      let changed = false;
      for (const server of serversOf(clientId)) {
        if (server.dedicated) {
          for (const s of scopeSet(server.scope)) {
            if (!scope.has(s)) {
              scope.add(s);
              changed = true;
            }
          }
        }
      }
      const named = query.getAll("resource");
      if (named.length > 0) {
        for (const server of impliedByScope(clientId, query.get("scope") ?? undefined)) {
          if (!named.includes(server.identifier)) {
            query.append("resource", server.identifier);
            changed = true;
          }
        }
      }
      if (changed) {
        query.set("scope", [...scope].join(" "));
        ctx.querystring = query.toString();
      }
    }
    await next();
  };
}
