import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useOidcInstance } from "../react/useOidcInstance.js";
import { connectQueryClient } from "./connectQueryClient.js";

/**
 * Runs `connectQueryClient` for the nearest `<OidcProvider>` and `<QueryClientProvider>` while mounted.
 * @param queryClient - Clean this client instead of the one from `<QueryClientProvider>`.
 */
export function useConnectQueryClient(queryClient?: QueryClient): void {
  const oidc = useOidcInstance();
  const client = useQueryClient(queryClient);
  useEffect(() => connectQueryClient(oidc, client), [oidc, client]);
}
