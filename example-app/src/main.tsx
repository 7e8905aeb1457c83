import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { OidcProvider } from "react-oidc-apis";
import { connectQueryClient } from "react-oidc-apis/query";
import { connectRouter } from "react-oidc-apis/router";
import { isApiError } from "./api/fetchJson";
import { PageServicesContext, type AppServices } from "./appServices";
import { createAppOidc, createAppVault } from "./oidc";
import { createAppRouter } from "./router";
import { loadRuntimeConfig } from "./runtimeConfig";

const root = createRoot(document.getElementById("root") as HTMLElement);

try {
  const config = await loadRuntimeConfig();
  const oidc = createAppOidc(config);
  const queryClient = new QueryClient({
    // Only an unreachable API may heal by itself; a 401 was already retried with a renewed token by the kit.
    defaultOptions: { queries: { staleTime: 30_000, retry: (count, error) => count < 1 && isApiError(error, "api_unreachable") } },
  });
  // The app's Vault client, made once beside the instance: the loaders and the hooks share its tokens.
  const vault = createAppVault(oidc, config);
  // Logout and a user switch empty every authed query of this client.
  connectQueryClient(oidc, queryClient);
  const services: AppServices = { oidc, vault, queryClient, config };
  const router = createAppRouter(services);
  // A page whose loader needs a token through the IdP (cross-site, first use) comes back to that page, not the one left.
  connectRouter(oidc, router);
  root.render(
    <StrictMode>
      <PageServicesContext.Provider value={{ config, vault }}>
        <OidcProvider oidc={oidc}>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </OidcProvider>
      </PageServicesContext.Provider>
    </StrictMode>,
  );
} catch (error) {
  root.render(
    <main className="page">
      <h1>The example could not start</h1>
      <pre className="code">{error instanceof Error ? error.message : String(error)}</pre>
    </main>,
  );
}
