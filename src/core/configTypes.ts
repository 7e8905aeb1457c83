import type { OidcEnvironment } from "./platform/environment.js";

/** How the kit obtains a named client's token; inferred from its configuration. */
export type TokenStrategy =
  /** The client the user logs in with interactively. */
  | "login"
  /** Its own OIDC client (Keycloak style): a silent `prompt=none` authorization from the IdP session. */
  | "dedicated"
  /** RFC 8707: a `refresh_token` grant on the login client's session with one `resource`. */
  | "resource"
  /** Auth0 style: a silent authorization on the login client with `audience=`. */
  | "audience"
  /** A `refresh_token` grant on the login client's session narrowed to this client's `scope`. */
  | "scope";

/** One named client: an API the app calls with its own access token. */
export interface ApiClientConfig {
  /** OAuth client id. Equal to the login client's id for the resource, audience and scope strategies. */
  clientId: string;
  /** Space-separated scopes to request. Default: `"openid"` for the login and dedicated clients. */
  scope?: string;
  /** RFC 8707 resource indicator of the API (e.g. `"https://files.example"`). */
  resource?: string;
  /** Auth0-style `audience` of the API. */
  audience?: string;
  /** URL prefixes this token may be sent to; a token-bound fetch refuses any other URL. */
  baseUrls?: string[];
  /** Audience the access token must carry when it is a JWT. Default: `resource` or `audience`; `false` skips the check. */
  expectedAudience?: string | false;
  /** Fetch this token right after login instead of on first use. Default: `false`. */
  prefetch?: boolean;
  /**
   * Extra parameters of every authorization request of this client, silent ones included (e.g.
   * `{ acr_values: "mfa", ui_locales: "fr", kc_idp_hint: "google" }`). Parameters the kit sets itself (`client_id`,
   * `scope`, `state`, `nonce`, `prompt`, `resource`, ...) are refused with `config_invalid`. Only for clients that
   * make authorization requests (login, dedicated, audience). Default: none.
   */
  extraAuthorizeParams?: Record<string, string>;
  /**
   * Extra parameters of every token request of this client's tokens (code redemption and refresh). Parameters the
   * kit sets itself (`grant_type`, `code`, `refresh_token`, `scope`, `resource`, ...) are refused. Default: none.
   */
  extraTokenParams?: Record<string, string>;
  /**
   * Which ID token a silent (`prompt=none`) request of this client sends as `id_token_hint` (OIDC Core: it SHOULD
   * be sent; some IdPs, e.g. Glewlwyd, require the last one they issued to that very client). Default: `"own"`.
   */
  idTokenHint?: IdTokenHint;
  /**
   * Sender-constrained tokens (DPoP, RFC 9449): a non-extractable ES256 key per OAuth client for the session,
   * `dpop_jkt` on its authorization requests, a proof on its token requests and on every request of a token-bound
   * fetch (`Authorization: DPoP`). A refresh token is bound to the key too, so this holds for every client entry with
   * the same `clientId` (the resource and scope strategies included). The IdP must answer `token_type: "DPoP"`, else
   * `dpop_failed`. Default: `false`.
   */
  dpop?: boolean;
}

/**
 * The `id_token_hint` of a client's silent requests: `"own"`, the newest ID token issued to this client id, none
 * while it has none (accepted by every IdP); `"login"`, the same, else the login client's (only for IdPs that take
 * another client's ID token as a hint: oidc-provider and Glewlwyd refuse it); `"none"`, never send one.
 */
export type IdTokenHint = "own" | "login" | "none";

/** How a session is restored silently from the IdP's cookie. */
export type SessionRestoration = "auto" | "iframe" | "redirect";

/** Where tokens are kept. Never `localStorage`. */
export type TokenStorage = "memory" | "sessionStorage";

/** Configuration of `createOidc`. */
export interface OidcConfig<Api extends string = string> {
  /** Issuer URL of the OpenID provider (its discovery document lives under it). */
  issuer: string;
  /** The named clients, one per API. */
  clients: Record<Api, ApiClientConfig>;
  /** The client the user logs in with. Default: the first key of `clients`. */
  loginClient?: Api;
  /** Redirect URI registered for every client. Default: the app's origin + `"/"`. */
  redirectUri?: string;
  /** Where the IdP sends the user after logout. Default: `redirectUri`. */
  postLogoutRedirectUri?: string;
  /**
   * A static page of the app's origin (an empty HTML file) where hidden-iframe `prompt=none` requests return instead of
   * `redirectUri`, so the app never loads inside the frame; register it at the IdP like `redirectUri`. Redirect chains
   * keep `redirectUri`. Default: `redirectUri`.
   */
  silentRedirectUri?: string;
  /** Where tokens are kept. Default: `"memory"`; `"sessionStorage"` survives reloads. */
  tokenStorage?: TokenStorage;
  /** Silent session restoration. Default: `"auto"` (iframe when the IdP is same-site, else redirects). */
  sessionRestoration?: SessionRestoration;
  /** Start an interactive login by itself when the IdP says the session is gone. Default: `false`. */
  autoLogin?: boolean;
  /** Share the session with the app's other tabs (same origin): handover, one renewing tab, logout everywhere. Default: `true`. */
  crossTab?: boolean;
  /** Renew a token this many seconds before it expires, at most half its lifetime. Default: `30`. */
  renewBeforeExpirySeconds?: number;
  /** Never acquire one API's token twice within this many seconds, whoever asks. Default: `5`. */
  minRenewIntervalSeconds?: number;
  /** Give up on a silent iframe request after this many milliseconds. Default: `10000`. */
  silentTimeoutMs?: number;
  /** Where the world is touched (URL, navigation, storage, clock, timers, fetch); injectable for tests. Default: the browser's. */
  environment?: Partial<OidcEnvironment>;
}

/** `OidcConfig` after validation and defaults. */
export interface ResolvedOidcConfig<Api extends string = string> {
  /** Issuer URL without a trailing slash. */
  issuer: string;
  /** The named clients with their inferred strategy. */
  clients: Readonly<Record<Api, ResolvedApiClient>>;
  /** Name of the login client. */
  loginClient: Api;
  /** Redirect URI shared by every client. */
  redirectUri: string;
  /** Where the IdP sends the user after logout. */
  postLogoutRedirectUri: string;
  /** Where hidden-iframe `prompt=none` requests return (`redirectUri` unless set). */
  silentRedirectUri: string;
  /** Where tokens are kept. */
  tokenStorage: TokenStorage;
  /** Silent restoration method. */
  sessionRestoration: SessionRestoration;
  /** Whether an ended session starts a login by itself. */
  autoLogin: boolean;
  /** Whether the session is shared with the app's other tabs. */
  crossTab: boolean;
  /** Seconds before expiry at which a token is renewed. */
  renewBeforeExpirySeconds: number;
  /** Minimum milliseconds between two network acquisitions of one API's token. */
  minRenewIntervalMs: number;
  /** Milliseconds before a silent iframe request gives up. */
  silentTimeoutMs: number;
}

/** A named client after validation. */
export interface ResolvedApiClient extends ApiClientConfig {
  /** The client's name (its key in `clients`). */
  name: string;
  /** How its token is obtained. */
  strategy: TokenStrategy;
  /** Scope actually requested. */
  scope: string;
  /** Audience to check, or `undefined` when none is expected. */
  expectedAudience: string | false | undefined;
  /** Extra authorization request parameters, checked. */
  extraAuthorizeParams: Readonly<Record<string, string>>;
  /** Extra token request parameters, checked. */
  extraTokenParams: Readonly<Record<string, string>>;
  /** Which ID token silent requests send as `id_token_hint`. */
  idTokenHint: IdTokenHint;
}
