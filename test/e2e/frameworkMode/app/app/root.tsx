import type { ReactNode } from "react";
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "react-router";
import { OidcProvider, useOidc } from "react-oidc-apis";
import { oidc } from "./oidc";

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <title>framework mode</title>
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function SessionBar() {
  const { status, user, login } = useOidc();
  return (
    <header>
      <p data-testid="session" data-status={status}>{status}{user ? ` as ${user.sub}` : ""}</p>
      <button type="button" onClick={() => void login()}>Log in</button>
    </header>
  );
}

// The provider renders on the server too: its hooks answer from their server snapshots (session initializing).
export default function App() {
  return (
    <OidcProvider oidc={oidc}>
      <SessionBar />
      <Outlet />
    </OidcProvider>
  );
}
