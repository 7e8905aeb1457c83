import { OidcError } from "./errors";
import type { OidcConfig, ResolvedApiClient, ResolvedOidcConfig, TokenStrategy } from "./types";

function invalid(message: string): never {
  throw new OidcError("config_invalid", `react-oidc-apis: ${message}`);
}

function assertAbsoluteUrl(value: unknown, what: string): string {
  if (typeof value !== "string" || !/^https?:\/\//i.test(value)) {
    invalid(`${what} must be an absolute http(s) URL, got ${JSON.stringify(value)}.`);
  }
  try {
    return new URL(value).href;
  } catch {
    return invalid(`${what} is not a valid URL: ${JSON.stringify(value)}.`);
  }
}

function inferStrategy(name: string, client: OidcConfig["clients"][string], login: { name: string; clientId: string }): TokenStrategy {
  if (name === login.name) return "login";
  if (client.clientId !== login.clientId) return "dedicated";
  if (client.resource !== undefined) return "resource";
  if (client.audience !== undefined) return "audience";
  if (client.scope !== undefined) return "scope";
  return invalid(
    `clients.${name} uses the login client's clientId "${client.clientId}" but says nothing that makes its token different. ` +
      `Give it a "resource" (RFC 8707), an "audience" (Auth0), a narrower "scope", or its own "clientId".`,
  );
}

/** Validates `config` eagerly and applies defaults; throws `OidcError("config_invalid")` saying how to fix it. */
export function resolveConfig<Api extends string>(config: OidcConfig<Api>, appOrigin: string): ResolvedOidcConfig<Api> {
  if (typeof config !== "object" || config === null) invalid("createOidc needs a configuration object.");
  const issuer = assertAbsoluteUrl(config.issuer, "issuer").replace(/\/$/, "");
  const names = Object.keys(config.clients ?? {}) as Api[];
  if (names.length === 0) invalid('clients must name at least one client, e.g. { app: { clientId: "myapp" } }.');
  const loginClient = config.loginClient ?? (names[0] as Api);
  if (!names.includes(loginClient)) {
    invalid(`loginClient "${loginClient}" is not one of the clients (${names.join(", ")}).`);
  }
  for (const name of names) {
    const client = config.clients[name];
    if (typeof client?.clientId !== "string" || client.clientId === "") {
      invalid(`clients.${name}.clientId must be a non-empty string (the OAuth client id registered at the IdP).`);
    }
    if (client.resource !== undefined && client.audience !== undefined) {
      invalid(`clients.${name} sets both "resource" and "audience"; an IdP understands one of them. Keep the one it supports.`);
    }
    for (const url of client.baseUrls ?? []) assertAbsoluteUrl(url, `clients.${name}.baseUrls entry`);
  }
  const tokenStorage = config.tokenStorage ?? "memory";
  if (tokenStorage !== "memory" && tokenStorage !== "sessionStorage") {
    invalid(`tokenStorage must be "memory" or "sessionStorage" (tokens never go to localStorage), got ${JSON.stringify(tokenStorage)}.`);
  }
  const sessionRestoration = config.sessionRestoration ?? "auto";
  if (!["auto", "iframe", "redirect"].includes(sessionRestoration)) {
    invalid(`sessionRestoration must be "auto", "iframe" or "redirect", got ${JSON.stringify(sessionRestoration)}.`);
  }
  const renewBeforeExpirySeconds = config.renewBeforeExpirySeconds ?? 30;
  if (!(renewBeforeExpirySeconds >= 0)) invalid("renewBeforeExpirySeconds must be a number of seconds >= 0.");

  const login = { name: loginClient, clientId: config.clients[loginClient].clientId };
  const clients = {} as Record<Api, ResolvedApiClient>;
  for (const name of names) {
    const client = config.clients[name];
    const strategy = inferStrategy(name, client, login);
    clients[name] = {
      ...client,
      name,
      strategy,
      scope: client.scope ?? (strategy === "login" || strategy === "dedicated" ? "openid" : ""),
      expectedAudience: client.expectedAudience ?? client.resource ?? client.audience,
    };
  }
  const redirectUri = assertAbsoluteUrl(config.redirectUri ?? `${appOrigin}/`, "redirectUri");
  return {
    issuer,
    clients,
    loginClient,
    redirectUri,
    postLogoutRedirectUri: assertAbsoluteUrl(config.postLogoutRedirectUri ?? redirectUri, "postLogoutRedirectUri"),
    tokenStorage,
    sessionRestoration,
    autoLogin: config.autoLogin ?? false,
    renewBeforeExpirySeconds,
    silentTimeoutMs: config.silentTimeoutMs ?? 10_000,
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
