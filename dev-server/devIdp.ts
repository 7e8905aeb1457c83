// The development identity provider: oidc-provider configured with the catalogue's clients and APIs,
// shared by the integration tests, the end-to-end tests and the example app.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import type { Configuration, Grant, KoaContextWithOIDC, Provider as ProviderType } from "oidc-provider";
import { DEV_CATALOGUE, groupsFor } from "./devCatalogue";
import { createIdpFaults, type IdpFaults, type IdpFaultSwitches } from "./idpFaults";
import { requestLogger, type IdpRequest } from "./idpRequestLog";
import { createMemoryAdapter, type MemoryAdapterFactory } from "./memoryAdapter";
import { authorizationShaper, defaultResource, resourceServerInfo, useGrantedResource } from "./resourcePolicy";

export { DEV_CATALOGUE, groupsFor } from "./devCatalogue";
export type { DevCatalogue, DevDedicatedApi, DevResourceApi, DevScopeApi } from "./devCatalogue";
export type { IdpFaultState, IdpFaultSwitches, RefreshTokenRotation, TokenEndpointFailure } from "./idpFaults";
export type { FaultControlRequest, FaultControlResponse } from "./idpFaultControl";
export type { IdpRequest } from "./idpRequestLog";

/** Options of `startDevIdp`. */
export interface DevIdpOptions {
  /** Port to listen on; 0 (default) picks a free one. Always binds 127.0.0.1. */
  port?: number;
  /** Host name in the issuer URL: "127.0.0.1" (default, same-site with an app on 127.0.0.1) or "localhost" (cross-site: iframes get no session cookie). */
  issuerHost?: "127.0.0.1" | "localhost";
  /** Redirect URIs registered for every client (the app's one shared redirect URI); also allowed as post-logout redirect URIs. */
  redirectUris: string[];
  /** Origins allowed to call the token endpoint etc. with CORS. Default: the origins of redirectUris. */
  corsOrigins?: string[];
  /** Access token lifetime, seconds. Default 300. */
  accessTokenTtlSeconds?: number;
  /** DPoP (RFC 9449) at the token endpoint; `false` plays an IdP without it (it ignores proofs and issues Bearer tokens). Default `true`. */
  dpop?: boolean;
}

/** A running dev IdP, with fault switches (`IdpFaultSwitches`; also over HTTP at `${issuer}/__faults`). */
export interface DevIdp extends IdpFaultSwitches {
  /** Issuer URL (no trailing slash); discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** Every authorization, token and end-session request served, oldest first. */
  requests: IdpRequest[];
  /** Errors oidc-provider answered with `server_error` (they are otherwise silent). */
  serverErrors: Error[];
  /** Empty `requests` (e.g. between test phases). */
  resetRequests(): void;
  /** While `true`, every DPoP proof at the token endpoint must carry the IdP's nonce (`use_dpop_nonce` + `DPoP-Nonce` otherwise). Default `false`. */
  setDpopNonceRequired(required: boolean): void;
  /** Revoke every refresh token of `clientId`, as an admin would; returns how many there were. */
  revokeRefreshTokens(clientId: string): number;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

type ProviderModule = typeof import("oidc-provider");

/** oidc-provider announces dev-only settings and the Node version on the console; tests want silence. */
async function quietly<T>(work: () => T | Promise<T>): Promise<T> {
  const { info, warn } = console;
  const filter =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("oidc-provider ")) return;
      original(...args);
    };
  console.info = filter(info);
  console.warn = filter(warn);
  try {
    return await work();
  } finally {
    console.info = info;
    console.warn = warn;
  }
}

let providerModule: Promise<ProviderModule> | undefined;
function loadProvider(): Promise<ProviderModule> {
  providerModule ??= quietly(() => import("oidc-provider"));
  return providerModule;
}

async function signingKeys(): Promise<object[]> {
  const es = await generateKeyPair("ES256", { extractable: true });
  const rs = await generateKeyPair("RS256", { extractable: true, modulusLength: 2048 });
  return [
    { ...(await exportJWK(es.privateKey)), kid: "dev-es256", alg: "ES256", use: "sig" },
    { ...(await exportJWK(rs.privateKey)), kid: "dev-rs256", alg: "RS256", use: "sig" },
  ];
}

function titleCase(login: string): string {
  return login.charAt(0).toUpperCase() + login.slice(1);
}

// First-party clients: every request is granted as asked, so prompt=none never needs consent.
async function autoGrant(ctx: KoaContextWithOIDC): Promise<Grant | undefined> {
  const { oidc } = ctx;
  const clientId = oidc.client?.clientId;
  const accountId = oidc.session?.accountId;
  if (!clientId || !accountId) return undefined;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== accountId) grant = new oidc.provider.Grant({ accountId, clientId });
  const oidcScope = [...oidc.requestParamOIDCScopes].join(" ");
  if (oidcScope) grant.addOIDCScope(oidcScope);
  const claims = [...oidc.requestParamClaims];
  if (claims.length > 0) grant.addOIDCClaims(claims);
  for (const [indicator, server] of Object.entries(oidc.resourceServers)) {
    if (server.scope) grant.addResourceScope(indicator, server.scope);
  }
  await grant.save();
  return grant;
}

function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function configuration(
  options: Required<Omit<DevIdpOptions, "port" | "issuerHost">>,
  jwks: object[],
  invalidTarget: () => Error,
  adapter: MemoryAdapterFactory,
  faults: IdpFaults,
  dpopNonceRequired: () => boolean,
): Configuration {
  const ttl = options.accessTokenTtlSeconds;
  const corsOrigins = new Set(options.corsOrigins);
  return {
    adapter,
    clients: DEV_CATALOGUE.clientIds.map((clientId) => ({
      client_id: clientId,
      application_type: "web",
      token_endpoint_auth_method: "none",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: options.redirectUris,
      post_logout_redirect_uris: options.redirectUris,
      ...(options.dpop && clientId === DEV_CATALOGUE.dpopBound.clientId ? { dpop_bound_access_tokens: true } : {}),
    })),
    jwks: { keys: jwks },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    // Resource scopes stay out of `scopes`: listed there they become OpenID scopes and break prompt=none.
    scopes: ["openid", "offline_access"],
    claims: {
      acr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ["sub", "groups"],
      profile: ["name"],
      email: ["email", "email_verified"],
    },
    // ID tokens carry the profile claims even when an access token for userinfo is issued too.
    conformIdTokenClaims: false,
    extraParams: ["audience"],
    clientBasedCORS: (_ctx, origin) => corsOrigins.has(origin),
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        name: titleCase(sub),
        email: `${sub}@${DEV_CATALOGUE.emailDomain}`,
        email_verified: true,
        groups: groupsFor(sub),
      }),
    }),
    loadExistingGrant: autoGrant,
    // offline_access is dropped unless prompt=consent, so refresh tokens are issued regardless of it.
    issueRefreshToken: async () => true,
    // The default keeps DPoP-bound public-client refresh tokens unrotated; rotate them all (unless a fault says not).
    rotateRefreshToken: (ctx) => faults.rotatesRefreshTokens() && ctx.oidc.client?.clientAuthMethod === "none",
    extraTokenClaims: async (_ctx, token) => (token.accountId ? { groups: groupsFor(token.accountId) } : undefined),
    renderError: async (ctx, out) => {
      if (out.error) ctx.set("Dev-Idp-Error", out.error);
      ctx.type = "html";
      ctx.body = htmlPage(
        "Error",
        Object.entries(out)
          .map(([key, value]) => `<p><b>${escapeHtml(key)}</b>: ${escapeHtml(String(value))}</p>`)
          .join(""),
      );
    },
    ttl: {
      AccessToken: ttl,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      ClientCredentials: 600,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      PreAuthorizedCode: 600,
    },
    features: {
      devInteractions: { enabled: true },
      // RFC 9449: proofs at the token endpoint bind the tokens (and a public client's refresh token) to the key;
      // with nonceSecret the IdP can demand its nonce (use_dpop_nonce), which the switch turns on.
      dPoP: { enabled: options.dpop, nonceSecret: randomBytes(32), requireNonce: () => dpopNonceRequired() },
      // A public client may revoke its own tokens only; anything else is ignored (RFC 7009 answers 200 either way).
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Sign out without a click: the confirmation form carries logout=yes and submits itself.
        logoutSource: async (ctx, form) => {
          const autoForm = form.replace("</form>", '<input type="hidden" name="logout" value="yes"/></form>');
          ctx.body = htmlPage("Signing out", `${autoForm}<script>document.forms[0].submit()</script>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = htmlPage("Signed out", "<p>Signed out.</p>");
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource,
        useGrantedResource,
        getResourceServerInfo: resourceServerInfo(ttl, invalidTarget),
      },
    },
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// The issuer URL needs the port, so the socket is bound first and the provider plugged in afterwards.
function listen(port: number): Promise<{ server: ReturnType<typeof createServer>; port: number; setHandler(h: Handler): void }> {
  let handler: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({ server, port: (server.address() as AddressInfo).port, setHandler: (h) => (handler = h) });
    });
  });
}

/** Start the dev IdP on 127.0.0.1 with the `DEV_CATALOGUE` clients registered for `redirectUris`. */
export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  if (!options.redirectUris?.length) {
    throw new TypeError("startDevIdp: pass at least one redirect URI (the app's shared redirect URI) in `redirectUris`.");
  }
  const corsOrigins = options.corsOrigins ?? [...new Set(options.redirectUris.map((uri) => new URL(uri).origin))];
  const [{ Provider, errors }, keys, http] = await Promise.all([loadProvider(), signingKeys(), listen(options.port ?? 0)]);
  const issuer = `http://${options.issuerHost ?? "127.0.0.1"}:${http.port}`;
  const adapter = createMemoryAdapter();
  const requests: IdpRequest[] = [];
  const faults = createIdpFaults({
    log: requests,
    allowsOrigin: (origin) => corsOrigins.includes(origin),
    endSessions: (accountId) => adapter.dropSessions(accountId),
  });
  let dpopNonceRequired = false;
  const config = configuration(
    { redirectUris: options.redirectUris, corsOrigins, accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300, dpop: options.dpop ?? true },
    keys,
    () => new errors.InvalidTarget(),
    adapter,
    faults,
    () => dpopNonceRequired,
  );
  const provider: ProviderType = await quietly(() => new Provider(issuer, config));
  const serverErrors: Error[] = [];
  provider.use(requestLogger(requests));
  provider.use(faults.refreshResponseShaper);
  provider.use(authorizationShaper("/auth"));
  provider.on("server_error", (_ctx, error) => serverErrors.push(error));
  http.setHandler(faults.wrap(provider.callback()));

  return {
    ...faults.switches,
    issuer,
    port: http.port,
    requests,
    serverErrors,
    resetRequests: () => {
      requests.length = 0;
    },
    setDpopNonceRequired: (required) => {
      dpopNonceRequired = required;
    },
    revokeRefreshTokens: (clientId) => adapter.dropRefreshTokens(clientId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.server.close((error) => (error ? reject(error) : resolve()));
        http.server.closeAllConnections();
      }),
  };
}
