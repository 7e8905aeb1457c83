import type { QueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import type { AppOidc } from "./oidc";
import type { RuntimeConfig } from "./runtimeConfig";

/** What the routes' loaders and the pages share: made once at start, never module-level singletons. */
export interface AppServices {
  /** The OIDC session. */
  oidc: AppOidc;
  /** TanStack Query's cache. */
  queryClient: QueryClient;
  /** URLs read from `/config.json`. */
  config: RuntimeConfig;
}

/** Carries the runtime configuration to pages (the kit's own providers carry the OIDC instance and the query client). */
export const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);
RuntimeConfigContext.displayName = "RuntimeConfigContext";

/** The runtime configuration; throws outside `<RuntimeConfigContext.Provider>`. */
export function useRuntimeConfig(): RuntimeConfig {
  const config = useContext(RuntimeConfigContext);
  if (config === null) throw new Error("useRuntimeConfig must be used inside <RuntimeConfigContext.Provider>.");
  return config;
}
