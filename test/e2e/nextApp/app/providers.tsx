"use client";
// The README's App Router recipe: the instance at module scope of a client module, evaluated on the server for each
// render (where it touches no browser global) and once in the browser, where OidcProvider starts it.
import type { ReactNode } from "react";
import { createOidc, OidcProvider } from "react-oidc-apis";

// Next inlines NEXT_PUBLIC_* at build time; the test sets them to its own dev IdP before it builds.
const oidc = createOidc({
  issuer: process.env.NEXT_PUBLIC_E2E_ISSUER ?? "",
  clients: {
    app: { clientId: process.env.NEXT_PUBLIC_E2E_APP_CLIENT_ID ?? "", scope: process.env.NEXT_PUBLIC_E2E_APP_SCOPE ?? "openid" },
    todos: {
      clientId: process.env.NEXT_PUBLIC_E2E_TODOS_CLIENT_ID ?? "",
      scope: process.env.NEXT_PUBLIC_E2E_TODOS_SCOPE ?? "openid",
      expectedAudience: process.env.NEXT_PUBLIC_E2E_TODOS_AUDIENCE ?? "",
    },
  },
});

/** Wraps the whole app (see layout.tsx). */
export function Providers({ children }: { children: ReactNode }) {
  return <OidcProvider oidc={oidc}>{children}</OidcProvider>;
}
