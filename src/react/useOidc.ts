import { useMemo, useSyncExternalStore } from "react";
import type { OidcError } from "../core/errors.js";
import type { IdTokenClaims, LoginOptions, LogoutOptions, PopupLoginOptions, SessionState } from "../core/types.js";
import { serverSessionSnapshot } from "./serverSnapshots.js";
import { useOidcInstance } from "./useOidcInstance.js";

/** What `useOidc()` returns; stable while the session does not change. */
export interface UseOidcResult {
  /** `initializing`, `loggedOut`, `loggedIn` or `error`. */
  status: SessionState["status"];
  /** Shorthand for `status === "loggedIn"`. */
  isLoggedIn: boolean;
  /** ID-token claims of the login client. */
  user: IdTokenClaims | undefined;
  /** Why the session is logged out or in error, if the IdP said. */
  error: OidcError | undefined;
  /** Start an interactive login. */
  login: (options?: LoginOptions) => Promise<never>;
  /** Log in in a popup, staying on the page (call it from a click); resolves with the user. */
  loginWithPopup: (options?: PopupLoginOptions) => Promise<IdTokenClaims>;
  /** Log out everywhere (IdP session and every API token). */
  logout: (options?: LogoutOptions) => Promise<never>;
}

/**
 * The login state and actions; re-renders only when the session changes, never on a token renewal. On a server and
 * while hydrating, `status` is `initializing`.
 */
export function useOidc(): UseOidcResult {
  const oidc = useOidcInstance();
  const session = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session, serverSessionSnapshot);
  return useMemo(
    () => ({
      status: session.status,
      isLoggedIn: session.status === "loggedIn",
      user: session.user,
      error: session.error,
      login: oidc.login,
      loginWithPopup: oidc.loginWithPopup,
      logout: oidc.logout,
    }),
    [session, oidc],
  );
}
