import type { ReactNode } from "react";
import { useApiToken, useOidc } from "react-oidc-apis";

/** The user's ID-token claims and the state of the token the profile API needs, with login/logout. */
export function ProfileCard(): ReactNode {
  const { isLoggedIn, user, login, logout } = useOidc();
  const files = useApiToken("files");
  if (!isLoggedIn || !user) {
    return (
      <article aria-label="Profile" style={{ border: "1px solid #ccc", borderRadius: 8, padding: 16, maxWidth: 420 }}>
        <h2 style={{ marginTop: 0 }}>Profile</h2>
        <p>You are signed out.</p>
        <button type="button" onClick={() => void login()}>
          Log in
        </button>
      </article>
    );
  }
  return (
    <article aria-label="Profile" style={{ border: "1px solid #ccc", borderRadius: 8, padding: 16, maxWidth: 420 }}>
      <h2 style={{ marginTop: 0 }}>{String(user.name ?? user.sub)}</h2>
      <dl>
        <dt>Email</dt>
        <dd>{String(user.email ?? "—")}</dd>
        <dt>Subject</dt>
        <dd>
          <code>{user.sub}</code>
        </dd>
        <dt>Files API</dt>
        <dd data-status={files.status}>{files.error ? files.error.code : files.status}</dd>
      </dl>
      <button type="button" onClick={() => void logout()}>
        Log out
      </button>
    </article>
  );
}
