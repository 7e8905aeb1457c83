import { useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { OidcError, isOidcError } from "../core/errors.js";
import type { LoginOptions, Oidc, SessionState } from "../core/types.js";
import { serverSessionSnapshot } from "./serverSnapshots.js";
import { useOidcInstance } from "./useOidcInstance.js";

/** Props of `<RequireLogin>`, and options of `withLoginRequired`. */
export interface RequireLoginOptions {
  /** Rendered while the session initializes and, without `onRedirecting`, while the page leaves for the IdP. Default: nothing. */
  fallback?: ReactNode;
  /** Renders what to show once the login has started, until the page has left for the IdP. Default: `fallback`. */
  onRedirecting?: () => ReactNode;
  /**
   * Rendered instead of the children when the session is in error (other than `login_required` /
   * `interaction_required`, which start a login) or the login could not start; a function receives the error.
   * Transient session errors heal by themselves, and the children then render. Default: the error is thrown to the
   * nearest error boundary.
   */
  errorFallback?: ReactNode | ((error: OidcError) => ReactNode);
  /** Options of the login it starts. Default: `{ returnTo: <the current URL> }`. */
  loginOptions?: LoginOptions;
}

/** Props of `<RequireLogin>`. */
export interface RequireLoginProps extends RequireLoginOptions {
  /** Rendered only while the user is logged in. */
  children?: ReactNode;
}

// Session errors a fresh interactive login resolves (as enforceLogin decides); anything else is shown, not looped on.
const LOGIN_FIXES = ["login_required", "interaction_required"] as const;

// The session state for which a login was started, per instance. A session state object is replaced only when the
// session changes, so StrictMode's second effect run, re-renders and several guards on one page start one login,
// while a session that is logged in and later logged out again (a mock, a login that came back) starts a new one.
const loginStartedFor = new WeakMap<Oidc, SessionState>();

function needsLogin(session: SessionState): boolean {
  return session.status === "loggedOut" || (session.status === "error" && isOidcError(session.error, ...LOGIN_FIXES));
}

function asOidcError(error: unknown): OidcError {
  return error instanceof OidcError ? error : new OidcError("internal_error", "The login could not start.", { cause: error });
}

/** A login that could not start, remembered with the session state it was started for. */
interface FailedLogin {
  session: SessionState;
  error: OidcError;
}

/**
 * Renders its children only for a logged-in user; for component-routed apps (with a data router, prefer
 * `enforceLogin` in a loader). Logged out, it starts one interactive login back to the current URL and renders
 * `onRedirecting` (or `fallback`) meanwhile; while the session initializes (and on a server) it renders `fallback`.
 */
export function RequireLogin({ fallback = null, onRedirecting, errorFallback, loginOptions, children }: RequireLoginProps): ReactNode {
  const oidc = useOidcInstance();
  const session = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session, serverSessionSnapshot);
  const [failed, setFailed] = useState<FailedLogin | undefined>(undefined);
  const login = needsLogin(session);

  useEffect(() => {
    if (!login || loginStartedFor.get(oidc) === session) return;
    loginStartedFor.set(oidc, session);
    // Read at start only: the page is leaving, and an inline options object must not restart anything.
    oidc.login({ returnTo: window.location.href, ...loginOptions }).catch((error: unknown) => setFailed({ session, error: asOidcError(error) }));
  }, [oidc, session, login, loginOptions]);

  const error = failed?.session === session ? failed.error : session.status === "error" && !login ? session.error : undefined;
  if (error !== undefined) {
    if (errorFallback === undefined) throw error;
    return typeof errorFallback === "function" ? errorFallback(error) : errorFallback;
  }
  if (session.status === "loggedIn") return children;
  if (login && onRedirecting !== undefined) return onRedirecting();
  return fallback;
}
