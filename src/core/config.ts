import { OidcError } from "./errors.js";
import { CONTROL, invalid, isPlainObject, reservedNames } from "./configValues.js";
import { checkExtraParams } from "./extraParams.js";
import { DEV } from "./platform/development.js";
import type { ApiClientConfig, OidcConfig, ResolvedApiClient, ResolvedOidcConfig, TokenStrategy } from "./types.js";

// Only development text shows values: an inline `DEV ? ... : ""`, so production builds drop the body (see development.ts).
const show = (value: unknown): string =>
  DEV
    ? typeof value === "string"
      ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
      : typeof value === "number" || typeof value === "boolean" || value === null || value === undefined
        ? String(value)
        : Array.isArray(value)
          ? "an array"
          : typeof value
    : "";

/** `value` once it is an absolute http(s) URL without a fragment; `asGiven` keeps its spelling (an RFC 8707 resource is compared as a string). */
function absoluteUrl(value: unknown, what: string, asGiven = false): string {
  if (typeof value !== "string" || !/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    return invalid(what, DEV && `${what} must be an absolute http(s) URL, got ${show(value)}.`);
  }
  const url = new URL(value);
  if (url.hash) invalid(what, DEV && `${what} must not have a #fragment, got ${show(value)}.`);
  return asGiven ? value : url.href;
}

function optionalString(value: unknown, what: string, example: string | false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "" || CONTROL.test(value)) {
    invalid(what, DEV && `${what} must be a non-empty string without control characters (e.g. ${example}), got ${show(value)}.`);
  }
  return value;
}

function optionalBoolean(value: unknown, what: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") invalid(what, DEV && `${what} must be true or false, got ${show(value)} (a string like "false" is not false).`);
  return value;
}

function number(value: unknown, what: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    invalid(what, DEV && `${what} must be a number from ${min} to ${max}, got ${show(value)}.`);
  }
  return value;
}

function oneOf<T extends string>(value: unknown, what: string, allowed: readonly T[], fallback: T, why: string | false = ""): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) invalid(what, DEV && `${what} must be ${allowed.map((a) => `"${a}"`).join(" or ")}${why}, got ${show(value)}.`);
  return value as T;
}

/** `where` is the object's path, "" for the configuration itself. */
function noUnknownKeys(value: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      invalid(where ? `${where}.${key}` : key, DEV && `${where || "The configuration"} has no option "${key}". Known options: ${known.join(", ")}.`);
    }
  }
}

const topLevelKeys = [
  "issuer", "clients", "loginClient", "redirectUri", "postLogoutRedirectUri", "tokenStorage", "sessionRestoration",
  "silentRedirectUri", "autoLogin", "renewBeforeExpirySeconds", "minRenewIntervalSeconds", "silentTimeoutMs", "crossTab", "environment",
] as const;
const clientKeys = [
  "clientId", "scope", "resource", "audience", "baseUrls", "expectedAudience", "prefetch", "extraAuthorizeParams", "extraTokenParams", "idTokenHint", "dpop",
] as const;

/** A client after its own checks, before its strategy is known. */
type CheckedClient = ApiClientConfig & Pick<ResolvedApiClient, "extraAuthorizeParams" | "extraTokenParams" | "idTokenHint" | "dpop">;

function checkClient(name: string, value: unknown): CheckedClient {
  const where = `clients.${name}`;
  if (!isPlainObject(value)) invalid(where, DEV && `${where} must be an object such as { clientId: "myapp" }, got ${show(value)}.`);
  noUnknownKeys(value, clientKeys, where);
  const clientId = optionalString(value.clientId, `${where}.clientId`, DEV && '"myapp", the OAuth client id registered at the IdP');
  if (clientId === undefined) invalid(`${where}.clientId`, DEV && `${where}.clientId is required: the OAuth client id registered at the IdP.`);
  if (Array.isArray(value.resource)) invalid(`${where}.resource`, DEV && `${where}.resource must be one URI: give each API its own client entry.`);
  const resource = value.resource === undefined ? undefined : absoluteUrl(value.resource, `${where}.resource`, true);
  const audience = optionalString(value.audience, `${where}.audience`, DEV && '"https://api.example.com"');
  if (resource !== undefined && audience !== undefined) {
    invalid(where, DEV && `${where} sets both "resource" and "audience"; an IdP understands one of them. Keep the one it supports.`);
  }
  if (value.baseUrls !== undefined && !Array.isArray(value.baseUrls)) {
    invalid(`${where}.baseUrls`, DEV && `${where}.baseUrls must be an array of URL prefixes, e.g. ["https://api.example.com/v1/"], got ${show(value.baseUrls)}.`);
  }
  const baseUrls = (value.baseUrls as unknown[] | undefined)?.map((url, i) => absoluteUrl(url, `${where}.baseUrls[${i}]`, true));
  const expected = value.expectedAudience;
  if (expected !== undefined && expected !== false && (typeof expected !== "string" || expected === "")) {
    invalid(
      `${where}.expectedAudience`,
      DEV && `${where}.expectedAudience must be the audience string the API checks, or false to skip the check; got ${show(expected)}.`,
    );
  }
  return {
    clientId,
    scope: optionalString(value.scope, `${where}.scope`, DEV && '"openid profile"'),
    resource,
    audience,
    baseUrls,
    expectedAudience: expected as string | false | undefined,
    prefetch: optionalBoolean(value.prefetch, `${where}.prefetch`, false),
    extraAuthorizeParams: checkExtraParams(value.extraAuthorizeParams, `${where}.extraAuthorizeParams`, "clientAuthorize"),
    extraTokenParams: checkExtraParams(value.extraTokenParams, `${where}.extraTokenParams`, "token"),
    idTokenHint: oneOf(value.idTokenHint, `${where}.idTokenHint`, ["own", "login", "none"], "own"),
    dpop: optionalBoolean(value.dpop, `${where}.dpop`, false),
  };
}

function inferStrategy(name: string, client: ApiClientConfig, login: { name: string; clientId: string }): TokenStrategy {
  if (name === login.name) return "login";
  if (client.clientId !== login.clientId) return "dedicated";
  if (client.resource !== undefined) return "resource";
  if (client.audience !== undefined) return "audience";
  if (client.scope !== undefined) return "scope";
  return invalid(
    `clients.${name}`,
    DEV &&
      `clients.${name} uses the login client's clientId "${client.clientId}" but says nothing that makes its token different. ` +
        `Give it a "resource" (RFC 8707), an "audience" (Auth0), a narrower "scope", or its own "clientId".`,
  );
}

/** The page hidden-iframe requests return to: the app reads the response out of the frame, so it must be the app's origin. */
function silentRedirectUri(value: unknown, redirectUri: string, appOrigin: string): string {
  if (value === undefined) return redirectUri;
  const uri = absoluteUrl(value, "silentRedirectUri");
  if (new URL(uri).origin !== appOrigin) {
    invalid(
      "silentRedirectUri",
      DEV && `silentRedirectUri must be a page of the app's origin (${appOrigin}), got ${show(value)}: the app reads the response out of the hidden iframe.`,
    );
  }
  return uri;
}

/** The options whose defaults come from the page's origin, unknown on a server. */
export type PageUriKey = "redirectUri" | "postLogoutRedirectUri" | "silentRedirectUri";

/**
 * Validates everything in `config` that does not depend on the page (all of it but the origin checks of the page
 * URIs, whose values are still checked as URLs) and applies defaults; a server can run it. Throws like `resolveConfig`.
 */
export function checkConfig<Api extends string>(config: OidcConfig<Api>): Omit<ResolvedOidcConfig<Api>, PageUriKey> {
  if (!isPlainObject(config)) invalid("createOidc()", DEV && `createOidc needs a configuration object, got ${show(config)}.`);
  noUnknownKeys(config, topLevelKeys, "");
  const issuer = absoluteUrl(config.issuer, "issuer").replace(/\/$/, "");
  if (!isPlainObject(config.clients)) invalid("clients", DEV && 'clients must be an object of named clients, e.g. { app: { clientId: "myapp" } }.');
  const names = Object.keys(config.clients) as Api[];
  if (names.length === 0) invalid("clients", DEV && 'clients must name at least one client, e.g. { app: { clientId: "myapp" } }.');
  for (const name of names) if (name === "" || reservedNames.has(name)) invalid("clients", DEV && `${show(name)} cannot name a client; pick another name.`);
  const checked = Object.fromEntries(names.map((name) => [name, checkClient(name, config.clients[name])])) as Record<Api, CheckedClient>;
  const loginClient = config.loginClient ?? (names[0] as Api);
  if (typeof loginClient !== "string" || !names.includes(loginClient)) {
    invalid("loginClient", DEV && `loginClient ${show(loginClient)} is not one of the clients (${names.join(", ")}).`);
  }
  const login = { name: loginClient, clientId: checked[loginClient].clientId };
  const clients = {} as Record<Api, ResolvedApiClient>;
  for (const name of names) {
    const client = checked[name];
    const strategy = inferStrategy(name, client, login);
    const raw = config.clients[name] as ApiClientConfig;
    if ((strategy === "resource" || strategy === "scope") && (raw.extraAuthorizeParams !== undefined || raw.idTokenHint !== undefined)) {
      invalid(
        `clients.${name}`,
        DEV &&
          `clients.${name} (${strategy} strategy) makes no authorization request of its own: its token comes from the login ` +
            `client's refresh token. Put extraAuthorizeParams / idTokenHint on clients.${loginClient}.`,
      );
    }
    clients[name] = {
      ...client,
      name,
      strategy,
      scope: client.scope ?? (strategy === "login" || strategy === "dedicated" ? "openid" : ""),
      expectedAudience: client.expectedAudience ?? client.resource ?? client.audience,
    };
  }
  if (config.environment !== undefined && !isPlainObject(config.environment)) {
    invalid("environment", DEV && `environment must be an object, got ${show(config.environment)}.`);
  }
  for (const key of ["redirectUri", "postLogoutRedirectUri", "silentRedirectUri"] as const) {
    if (config[key] !== undefined) absoluteUrl(config[key], key);
  }
  return {
    issuer,
    clients,
    loginClient,
    tokenStorage: oneOf(config.tokenStorage, "tokenStorage", ["memory", "sessionStorage"], "memory", DEV && " (tokens never go to localStorage)"),
    sessionRestoration: oneOf(config.sessionRestoration, "sessionRestoration", ["auto", "iframe", "redirect"], "auto"),
    autoLogin: optionalBoolean(config.autoLogin, "autoLogin", false),
    crossTab: optionalBoolean(config.crossTab, "crossTab", true),
    renewBeforeExpirySeconds: number(config.renewBeforeExpirySeconds, "renewBeforeExpirySeconds", 30, 0, 86_400),
    minRenewIntervalMs: number(config.minRenewIntervalSeconds, "minRenewIntervalSeconds", 5, 0, 3_600) * 1000,
    silentTimeoutMs: number(config.silentTimeoutMs, "silentTimeoutMs", 10_000, 1_000, 120_000),
  };
}

/** Validates `config` completely and applies defaults; throws `OidcError("config_invalid")` naming the field and the fix. */
export function resolveConfig<Api extends string>(config: OidcConfig<Api>, appOrigin: string): ResolvedOidcConfig<Api> {
  const checked = checkConfig(config);
  const redirectUri = absoluteUrl(config.redirectUri ?? `${appOrigin}/`, "redirectUri");
  return {
    ...checked,
    redirectUri,
    postLogoutRedirectUri: absoluteUrl(config.postLogoutRedirectUri ?? redirectUri, "postLogoutRedirectUri"),
    silentRedirectUri: silentRedirectUri(config.silentRedirectUri, redirectUri, appOrigin),
  };
}

/** The registrable part of a host, close enough for "same-site" without a public-suffix list. */
function siteOf(url: URL): string {
  const host = url.hostname;
  if (/^[\d.]+$/.test(host) || host.includes(":") || !host.includes(".")) return `${url.protocol}//${host}`;
  return `${url.protocol}//${host.split(".").slice(-2).join(".")}`;
}

/** True when the IdP's cookies reach a hidden iframe of the app (schemeful same-site). */
export function isSameSite(a: string, b: string): boolean {
  return siteOf(new URL(a)) === siteOf(new URL(b));
}

/** The resolved client `name`; throws `unknown_api` for a name that is not one of the clients. */
export function clientOf(config: ResolvedOidcConfig, name: string): ResolvedApiClient {
  // `name` comes from the app (getApiToken): a non-string is refused like an unknown name.
  const unit = typeof name === "string" && Object.hasOwn(config.clients, name) ? config.clients[name] : undefined;
  if (!unit) throw new OidcError("unknown_api", `No client named ${JSON.stringify(name)}. Known: ${Object.keys(config.clients).join(", ")}.`, { api: String(name) });
  return unit;
}

/** True when silent authorizations run in hidden iframes: asked for, or `auto` with the IdP on the app's site. */
export function silentRequestsUseFrames(config: Pick<ResolvedOidcConfig, "sessionRestoration" | "redirectUri" | "issuer">): boolean {
  return config.sessionRestoration === "iframe" || (config.sessionRestoration === "auto" && isSameSite(config.redirectUri, config.issuer));
}
