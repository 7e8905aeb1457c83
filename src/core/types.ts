import type { ResolvedOidcConfig, TokenStrategy } from "./configTypes.js";
import type { OidcError } from "./errors.js";

export type * from "./configTypes.js";

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

/** Options of `loginWithPopup`. */
export interface PopupLoginOptions {
  /** Extra parameters of this login's authorization request, as in `login({ params })`. */
  params?: Record<string, string>;
  /** How long to wait for the user in the popup before rejecting with `popup_timeout`. Default: 300000 (5 minutes). */
  timeoutMs?: number;
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

/** The request a DPoP proof is made for (`createDpopProof`). */
export interface DpopProofRequest {
  /** HTTP method as sent (`"GET"`, `"POST"`, ...). */
  method: string;
  /** Absolute URL of the request; query and fragment are left out of the proof (`htu`). */
  url: string;
  /** The access token sent with the request: the proof then carries its hash (`ath`). */
  accessToken?: string;
  /** The `DPoP-Nonce` the server asked for; remembered for the URL's origin. Default: the last one it gave. */
  nonce?: string;
}

/** An OIDC session serving one access token per API. Create it with `createOidc`. */
export interface Oidc<Api extends string = string> {
  /** The validated configuration, with defaults applied. */
  readonly config: ResolvedOidcConfig<Api>;
  /** Process a callback in the URL or restore the session; idempotent, resolves with the session state. */
  start(): Promise<SessionState>;
  /** Start an interactive login; the page navigates to the IdP. */
  login(options?: LoginOptions): Promise<never>;
  /**
   * Log in through the IdP in a popup window, staying on the page; call it directly in a click handler (or it rejects with
   * `popup_blocked`). Resolves with the user once the session started; rejects with `popup_closed`, `popup_timeout`, or the
   * error a redirect login would meet. The popup returns to `redirectUri`, where the app's page hands the response over and closes.
   */
  loginWithPopup(options?: PopupLoginOptions): Promise<IdTokenClaims>;
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
  /**
   * A DPoP proof (RFC 9449) for one request to `api`, for a request the kit does not send itself: send it as the
   * `DPoP` header with `Authorization: DPoP <token>`. Resolves `undefined` when `api` is not a `dpop: true` client.
   * Rejects with `dpop_failed` for a request that is not `{ method, url }` with an absolute URL.
   */
  createDpopProof(api: Api, request: DpopProofRequest): Promise<string | undefined>;
}
