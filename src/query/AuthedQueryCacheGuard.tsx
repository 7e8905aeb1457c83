import type { QueryClient } from "@tanstack/react-query";
import { useConnectQueryClient } from "./useConnectQueryClient.js";

/** Props of `<AuthedQueryCacheGuard>`. */
export interface AuthedQueryCacheGuardProps {
  /** Clean this client instead of the one from `<QueryClientProvider>`. */
  queryClient?: QueryClient;
}

/** Renders nothing; inside `<OidcProvider>` and `<QueryClientProvider>` it runs `connectQueryClient` while mounted. */
export function AuthedQueryCacheGuard({ queryClient }: AuthedQueryCacheGuardProps): null {
  useConnectQueryClient(queryClient);
  return null;
}
