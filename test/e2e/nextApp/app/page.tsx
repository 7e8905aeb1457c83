"use client";
import { useApiToken, useOidc } from "react-oidc-apis";

/** The `aud` claim of a JWT access token, for the test to read off the page. */
function audienceOf(accessToken: string): string {
  const payload = accessToken.split(".")[1] ?? "";
  const json = atob(payload.replaceAll("-", "+").replaceAll("_", "/"));
  const aud = (JSON.parse(json) as { aud?: string | string[] }).aud;
  return Array.isArray(aud) ? aud.join(" ") : (aud ?? "");
}

/** The redirect URI too: OidcProvider redeems the code when the IdP sends the browser back here. */
export default function Home() {
  const { status, user, error, login } = useOidc();
  const todos = useApiToken("todos");
  return (
    <main>
      <p data-testid="session" data-status={status}>{status}</p>
      {error ? <p data-testid="session-error">{error.code}</p> : null}
      {user ? <p data-testid="user">{user.sub}</p> : null}
      <p data-testid="todos-token" data-status={todos.status}>
        {todos.status === "ready" ? audienceOf(todos.accessToken) : todos.error?.code}
      </p>
      <button type="button" data-testid="login" onClick={() => void login()}>Log in</button>
    </main>
  );
}
