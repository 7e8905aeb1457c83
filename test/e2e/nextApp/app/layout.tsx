import type { ReactNode } from "react";
import { Providers } from "./providers";

// Rendered on every request, so each test fetch sees a fresh server render of the recipe.
export const dynamic = "force-dynamic";

/** A server component: it renders the client-side Providers around every page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <link rel="icon" href="data:," />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
