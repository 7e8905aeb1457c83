// What README snippets after the quick start may take as given: the quick start's instance and the reader's own
// components and objects. Anything else a snippet uses, it declares or imports itself.
import type { Oidc } from "react-oidc-apis";
import type { QueryClient } from "@tanstack/react-query";
import type { ComponentType } from "react";

declare global {
  /** The quick start's instance. */
  const oidc: Oidc<"app" | "vault" | "files" | "todos">;
  /** The app's TanStack Query client. */
  const queryClient: QueryClient;
  /** The reader's own components. */
  const App: ComponentType;
  const Reports: ComponentType;
  const MySecrets: ComponentType;
}
