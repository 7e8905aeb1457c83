import type { OidcEnvironment } from "./platform/environment.js";
import type { OidcError } from "./errors.js";

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

/** Decoded claims of the login client's ID token. */
export interface IdTokenClaims {
  /** Subject: the user's stable id at the IdP. */
  sub: string;
  /** Any other claim the IdP put in the ID token. */
  [claim: string]: unknown;
}

/** What every API state says, whatever its status. */
interface ApiTokenStateBase {
  /** How this token is obtained. */
  strategy: TokenStrategy;
  /** OAuth client id used. */
  clientId: string;
}

/** The token fields of every state but `ready`: all absent. */
interface NoToken {
  accessToken: undefined;
  tokenType: undefined;
  expiresAt: undefined;
  scope: undefined;
  audience: undefined;
  obtainedAt: undefined;
}

/**
 * State of one named client's token, replaced (never mutated) when it changes; a union on `status`, so
 * `status === "ready"` narrows `accessToken` to a string. A token past its expiry is never `ready`.
 */
export type ApiTokenState = ApiTokenStateBase &
  (
    | (NoToken & {
        /** Before first use, after the session ended, or after a token expired that could not be renewed in the background. */
        status: "idle";
        error: undefined;
      })
    | (NoToken & {
        /** No usable token; one is being acquired. */
        status: "loading";
        error: undefined;
      })
    | {
        /** A valid token; it is renewed before it expires. */
        status: "ready";
        /** The access token for this API only. */
        accessToken: string;
        /** `Bearer`, or `DPoP` for a sender-constrained token. */
        tokenType: string;
        /** When it expires, in ms since the epoch. */
        expiresAt: number;
        /** Granted scope, as the IdP reported it. */
        scope: string | undefined;
        /** `aud` of the access token when it is a JWT. */
        audience: string[] | undefined;
        /** When it was obtained, in ms since the epoch. */
        obtainedAt: number;
        /** Why the last renewal failed while this token is still valid (it is retried). */
        error: OidcError | undefined;
      }
    | (NoToken & {
        /** No token; `error` says why. Transient errors (`idp_unreachable`, `silent_timeout`) are retried by themselves. */
        status: "error";
        error: OidcError;
      })
  );

/** Login state of the whole instance, replaced only when it changes; a union on `status`. */
export type SessionState =
  | {
      /** Until the callback or restoration is done. */
      status: "initializing";
      user: undefined;
      error: undefined;
    }
  | {
      /** No session; `error` says why when the IdP said (e.g. `login_required`). */
      status: "loggedOut";
      user: undefined;
      error: OidcError | undefined;
    }
  | {
      /** Logged in as `user`. */
      status: "loggedIn";
      /** ID-token claims of the login client. */
      user: IdTokenClaims;
      error: undefined;
    }
  | {
      /** The session could not be started; transient errors (`idp_unreachable`) are retried by themselves. */
      status: "error";
      user: undefined;
      error: OidcError;
    };

/** Immutable snapshot of an instance, for `useSyncExternalStore`. */
export interface OidcSnapshot<Api extends string = string> {
  /** Login state. */
  session: SessionState;
  /** Token state per named client; an entry keeps its identity while that client's token is unchanged. */
  apis: Readonly<Record<Api, ApiTokenState>>;
}

/** Options of `login`. */
export interface LoginOptions {
  /** Same-origin path (or URL) to come back to. Default: the current URL. */
  returnTo?: string;
  /**
   * Extra parameters of this login's authorization request, e.g. `{ prompt: "login" }`, `{ login_hint: "alice@example.com" }`,
   * `ui_locales`, `acr_values`, `max_age`, `kc_idp_hint`. They add to the login client's `extraAuthorizeParams` and win over
   * them. Parameters the kit sets itself (`client_id`, `scope`, `state`, `nonce`, ...) make `login` reject with `config_invalid`.
   */
  params?: Record<string, string>;
}

/** Options of `logout`. */
export interface LogoutOptions {
  /** Same-origin path to land on after the IdP logged out. Default: `postLogoutRedirectUri`. */
  returnTo?: string;
}

/** Options of `getApiToken`. */
export interface GetApiTokenOptions {
  /** Ignore the cached token and obtain a new one (still at most one per `minRenewIntervalSeconds`). Default: `false`. */
  forceRefresh?: boolean;
  /**
   * Where a redirect chain lands when this token takes one (no iframes, first use): a router passes the navigation's
   * target (`request.url` in a loader), since the address bar still shows the page being left. Same-origin only.
   * Default: the current URL.
   */
  returnTo?: string;
}

/** An OIDC session serving one access token per API. Create it with `createOidc`. */
export interface Oidc<Api extends string = string> {
  /** The validated configuration, with defaults applied. */
  readonly config: ResolvedOidcConfig<Api>;
  /** Process a callback in the URL or restore the session; idempotent, resolves with the session state. */
  start(): Promise<SessionState>;
  /** Start an interactive login; the page navigates to the IdP. */
  login(options?: LoginOptions): Promise<never>;
  /** Drop every token, end the IdP session and navigate to `returnTo`. */
  logout(options?: LogoutOptions): Promise<never>;
  /** A fresh access token for `api`; concurrent calls share one request. */
  getApiToken(api: Api, options?: GetApiTokenOptions): Promise<string>;
  /** Call `listener` whenever the snapshot changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current immutable snapshot. */
  getSnapshot(): OidcSnapshot<Api>;
  /** Run `task` before logout completes (e.g. revoke derived tokens); returns the unregister function. */
  onLogout(task: () => Promise<void> | void): () => void;
  /**
   * Tell the instance where the app is navigating (a router's pending navigation; `undefined` once it settled): a
   * redirect chain started meanwhile lands there instead of on the page being left. `connectRouter` does this.
   */
  navigatingTo(url: string | undefined): void;
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
