import type { OidcError } from "../core/errors.js";
import type { IdTokenClaims, LoginOptions, LogoutOptions, Oidc, SessionState } from "../core/types.js";
import type { MockConfigInput } from "./mockConfig.js";

/** Options of `createMockOidc`. */
export interface CreateMockOidcOptions<Api extends string> extends MockConfigInput<Api> {
  /** The logged-in user; `null` starts logged out. Default: `defaultMockUser`. */
  user?: IdTokenClaims | null;
  /** The user `login()` signs in. Default: `user`, else `defaultMockUser`. */
  loginUser?: IdTokenClaims;
  /** What `getApiToken(api)` yields per API: a fixed token, or an error it rejects with. Default: a fresh `makeFakeJwt`. */
  tokens?: Partial<Record<Api, string | OidcError>>;
  /** Initial session status. Default: `"loggedIn"` with a user, `"loggedOut"` without; `"initializing"` waits for `start()`. */
  status?: SessionState["status"];
  /** Why the session is in error when `status` is `"error"`. Default: an `idp_unreachable` error. */
  sessionError?: OidcError;
  /** Delay before a token request settles, in ms (on `setTimeout`, so fake timers drive it). Default: `0` (next microtask). */
  tokenDelayMs?: number;
  /** Lifetime of the generated tokens, in seconds. Default: `3600`. */
  tokenLifetimeSeconds?: number;
  /** Clock in ms since the epoch, for `iat`/`exp` and expiry checks. Default: `Date.now`. */
  now?: () => number;
}

/** One recorded `getApiToken` call. */
export interface MockGetApiTokenCall<Api extends string> {
  /** The API asked for. */
  api: Api;
  /** Whether the caller forced a renewal. */
  forceRefresh: boolean;
}

/** Calls a mock instance recorded, oldest first. */
export interface MockOidcCalls<Api extends string> {
  /** Options of every `login()` call. */
  readonly login: readonly LoginOptions[];
  /** Options of every `logout()` call. */
  readonly logout: readonly LogoutOptions[];
  /** Every `getApiToken()` call. */
  readonly getApiToken: readonly MockGetApiTokenCall<Api>[];
}

/** A test double of `Oidc` with controls; TEST-ONLY, never ship it in an app bundle. */
export interface MockOidc<Api extends string = string> extends Oidc<Api> {
  /** What was called so far. */
  readonly calls: MockOidcCalls<Api>;
  /** Forget the recorded calls. */
  clearCalls(): void;
  /** Change the session underneath the app (restored, ended elsewhere); `null` logs out without running `onLogout` tasks. */
  setUser(user: IdTokenClaims | null): void;
  /** Complete a login as `user` now, and make `user` the one later `login()` calls sign in. */
  loginAs(user: IdTokenClaims): void;
  /** From now on `getApiToken(api)` yields `token` (or rejects with it); when logged in, the snapshot shows it at once. */
  setToken(api: Api, token: string | OidcError): void;
  /** Mark the current token of `api` as expired, so the next `getApiToken(api)` obtains a new one. */
  expireToken(api: Api): void;
  /** Resolves once every logout and token request started so far has settled. */
  whenSettled(): Promise<void>;
}

