import type { ReactNode } from "react";
import { useOidc } from "react-oidc-apis";
import { ErrorNote } from "./ErrorNote";

/** The session as `useOidc()` reports it, with the login or logout button that fits. */
export function SessionPanel(): ReactNode {
  const { status, isLoggedIn, user, error, login, logout } = useOidc();
  return (
    <section aria-label="Session">
      <p>
        Session: <strong data-testid="session-status">{status}</strong>
        {user && <> — signed in as {String(user.name ?? user.sub)}</>}
      </p>
      {error && <ErrorNote error={error} />}
      {isLoggedIn ? (
        <button type="button" onClick={() => void logout()}>
          Log out
        </button>
      ) : (
        <button type="button" onClick={() => void login()}>
          Log in
        </button>
      )}
    </section>
  );
}

/** What `<OidcProvider fallback>` shows while the session is being restored. */
export function RestoringSession(): ReactNode {
  return <p role="status">Restoring your session…</p>;
}
