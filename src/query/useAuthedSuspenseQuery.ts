import {
  useSuspenseQuery,
  type DefaultError,
  type QueryClient,
  type QueryKey,
  type UseSuspenseQueryResult,
} from "@tanstack/react-query";
import type { RegisteredApi } from "../core/register.js";
import { useOidcInstance } from "../react/useOidcInstance.js";
import { authedQueryOptions, type AuthedQueryOptionsInput } from "./authedQueryOptions.js";
import { useSessionSubject } from "./useSessionSubject.js";

/**
 * `useSuspenseQuery` over `authedQueryOptions` with the instance of the nearest `<OidcProvider>`; the key
 * follows the user. Pair it with a loader that ran `ensureQueryData` on the same options to avoid a waterfall.
 * @param options - As for `useAuthedQuery` (`enabled` and `placeholderData` are ignored, as by TanStack).
 * @param queryClient - Use this client instead of the one from `<QueryClientProvider>`.
 */
export function useAuthedSuspenseQuery<
  Api extends RegisteredApi = RegisteredApi,
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  const TQueryKey extends QueryKey = QueryKey,
>(
  options: AuthedQueryOptionsInput<Api, TQueryFnData, TError, TData, TQueryKey>,
  queryClient?: QueryClient,
): UseSuspenseQueryResult<TData, TError> {
  const oidc = useOidcInstance<Api>();
  useSessionSubject(oidc);
  return useSuspenseQuery(authedQueryOptions(oidc, options), queryClient);
}
