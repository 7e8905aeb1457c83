import type { QueryClient } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import type { VaultClient } from "react-oidc-apis/vault";
import type { AppApi, AppOidc } from "./oidc";
import type { RuntimeConfig } from "./runtimeConfig";

/** What the routes' loaders and the pages share: made once at start, never module-level singletons. */
export interface AppServices {
  /** The OIDC session. */
  oidc: AppOidc;
  /** The Vault client: the `vault` client's token exchanged for Vault tokens, shared by loaders and hooks. */
  vault: VaultClient<AppApi>;
  /** TanStack Query's cache. */
  queryClient: QueryClient;
  /** URLs read from `/config.json`. */
  config: RuntimeConfig;
}

/** What pages read besides the kit's own providers (which carry the OIDC instance and the query client). */
export interface PageServices {
  /** URLs read from `/config.json`. */
  config: RuntimeConfig;
  /** The app's one Vault client. */
  vault: VaultClient<AppApi>;
}

/** Carries the runtime configuration and the Vault client to pages. */
export const PageServicesContext = createContext<PageServices | null>(null);
PageServicesContext.displayName = "PageServicesContext";

function usePageServices(): PageServices {
  const services = useContext(PageServicesContext);
  if (services === null) throw new Error("Pages must be rendered inside <PageServicesContext.Provider>.");
  return services;
}

/** The runtime configuration; throws outside `<PageServicesContext.Provider>`. */
export function useRuntimeConfig(): RuntimeConfig {
  return usePageServices().config;
}

/** The app's Vault client (made next to `createOidc`); throws outside `<PageServicesContext.Provider>`. */
export function useVaultClient(): VaultClient<AppApi> {
  return usePageServices().vault;
}
