import { useQuery, type DefaultError, type QueryClient, type QueryKey, type UseQueryResult } from "@tanstack/react-query";
import type { RegisteredApi } from "../core/register.js";
import { useOidcInstance } from "../react/useOidcInstance.js";
import { authedQueryOptions, type AuthedQueryOptionsInput } from "./authedQueryOptions.js";
import { useSessionSubject } from "./useSessionSubject.js";

/**
 * `useQuery` over `authedQueryOptions` with the instance of the nearest `<OidcProvider>`:
 * `useAuthedQuery({ api: "todos", queryKey: ["todos"], queryFn: ({ fetch, signal }) => … })`.
 *
 * The key follows the user (a user switch re-renders with the new user's key) and the query stays idle while
 * the session is initializing, so it never runs for "nobody" just before the session is restored.
 * @param options - Those of `useQuery`, plus `api` (a registered instance's client name, see `Register`).
 * @param queryClient - Use this client instead of the one from `<QueryClientProvider>`.
 */
export function useAuthedQuery<
  Api extends RegisteredApi = RegisteredApi,
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  const TQueryKey extends QueryKey = QueryKey,
>(options: AuthedQueryOptionsInput<Api, TQueryFnData, TError, TData, TQueryKey>, queryClient?: QueryClient): UseQueryResult<TData, TError> {
  const oidc = useOidcInstance<Api>();
  // Subscribing here is what re-renders this component (and rebuilds the key) when the user changes.
  const { initializing } = useSessionSubject(oidc);
  const authed = authedQueryOptions(oidc, options);
  // Setting `enabled` only when needed: an explicit `undefined` would override the client's default.
  return useQuery(initializing ? { ...authed, enabled: false } : authed, queryClient);
}
