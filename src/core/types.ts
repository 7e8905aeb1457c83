import type { OidcError } from "./errors";

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
}

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
  /** Where tokens are kept. Default: `"memory"`; `"sessionStorage"` survives reloads. */
  tokenStorage?: TokenStorage;
  /** Silent session restoration. Default: `"auto"` (iframe when the IdP is same-site, else redirects). */
  sessionRestoration?: SessionRestoration;
  /** Start an interactive login by itself when the IdP says the session is gone. Default: `false`. */
  autoLogin?: boolean;
  /** Renew a token this many seconds before it expires. Default: `30`. */
  renewBeforeExpirySeconds?: number;
  /** Give up on a silent iframe request after this many milliseconds. Default: `10000`. */
  silentTimeoutMs?: number;
  /** Where the world is touched (URL, navigation, storage, clock); injectable for tests. Default: the browser's. */
  environment?: Partial<OidcEnvironment>;
}

/** The browser facilities the core uses, gathered so tests and non-window hosts can supply their own. */
export interface OidcEnvironment {
  /** The current page URL. */
  currentUrl(): string;
  /** Replace the current URL without a navigation (`history.replaceState`). */
  replaceUrl(url: string): void;
  /** Leave the page for `url` (full-page navigation). */
  navigate(url: string): void;
  /** Per-tab storage for transient login state (PKCE verifiers, redirect chains) and opted-in tokens. */
  sessionStorage: Storage;
  /** Milliseconds since the epoch. */
  now(): number;
  /** True when this page runs inside a frame (a silent-authorization iframe). */
  isInFrame(): boolean;
  /** Load `url` in a hidden iframe and resolve with the URL it lands on back at the app's origin. */
  runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string>;
  /** Run `task` holding a lock shared by every tab of the origin (Web Locks), or just in this tab. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Hold the lock `name` for the page's lifetime; false when another live tab holds it (this tab is a duplicate). */
  claimTab(name: string): Promise<boolean>;
}

/** Decoded claims of the login client's ID token. */
export interface IdTokenClaims {
  /** Subject: the user's stable id at the IdP. */
  sub: string;
  /** Any other claim the IdP put in the ID token. */
  [claim: string]: unknown;
}

/** State of one named client's token, replaced (never mutated) when it changes. */
export interface ApiTokenState {
  /** `idle` before first use, `loading` while fetched, then `ready` or `error`. */
  status: "idle" | "loading" | "ready" | "error";
  /** How this token is obtained. */
  strategy: TokenStrategy;
  /** OAuth client id used. */
  clientId: string;
  /** The access token when ready. */
  accessToken: string | undefined;
  /** When the access token expires, in ms since the epoch. */
  expiresAt: number | undefined;
  /** Granted scope, as the IdP reported it. */
  scope: string | undefined;
  /** `aud` of the access token when it is a JWT. */
  audience: string[] | undefined;
  /** When the token was last obtained, in ms since the epoch. */
  obtainedAt: number | undefined;
  /** Why the last acquisition failed. */
  error: OidcError | undefined;
}

/** Login state of the whole instance, replaced only when one of its fields changes. */
export interface SessionState {
  /** `initializing` until the callback or restoration is done. */
  status: "initializing" | "loggedOut" | "loggedIn" | "error";
  /** ID-token claims of the login client when logged in. */
  user: IdTokenClaims | undefined;
  /** Why the session is in error, or why it is logged out (e.g. `login_required`). */
  error: OidcError | undefined;
}

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
}

/** Options of `logout`. */
export interface LogoutOptions {
  /** Same-origin path to land on after the IdP logged out. Default: `postLogoutRedirectUri`. */
  returnTo?: string;
}

/** Options of `getApiToken`. */
export interface GetApiTokenOptions {
  /** Ignore the cached token and obtain a new one. Default: `false`. */
  forceRefresh?: boolean;
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
  /** Where tokens are kept. */
  tokenStorage: TokenStorage;
  /** Silent restoration method. */
  sessionRestoration: SessionRestoration;
  /** Whether an ended session starts a login by itself. */
  autoLogin: boolean;
  /** Seconds before expiry at which a token is renewed. */
  renewBeforeExpirySeconds: number;
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
}
