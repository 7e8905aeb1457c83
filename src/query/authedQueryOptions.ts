import type {
  DataTag,
  DefaultError,
  OmitKeyof,
  QueryFunctionContext,
  QueryKey,
  UnusedSkipTokenOptions,
  UseQueryOptions,
} from "@tanstack/react-query";
import { OidcError } from "../core/errors.js";
import type { Oidc } from "../core/types.js";
import { authedQueryKey, currentSubject, type AuthedQueryKey } from "./authedQueryKey.js";
import { createTokenBoundFetch } from "./tokenBoundFetch.js";

/** What an authed `queryFn` receives: TanStack's context plus the API's token and a fetch bound to it. */
export type AuthedQueryFunctionContext<TQueryKey extends QueryKey = QueryKey> = QueryFunctionContext<AuthedQueryKey<TQueryKey>> & {
  /** The API's access token, already obtained (the query waits for it). */
  accessToken: string;
  /** `createTokenBoundFetch(oidc, api)`: adds the token, enforces `baseUrls`, renews once on 401. */
  fetch: typeof fetch;
};

/** Options of `authedQueryOptions`: those of `queryOptions`, with `queryKey` unscoped and a `queryFn` that gets the token. */
export type AuthedQueryOptionsInput<
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = OmitKeyof<UseQueryOptions<TQueryFnData, TError, TData, AuthedQueryKey<TQueryKey>>, "queryKey" | "queryFn"> & {
  /** The key as the app thinks of it; the kit prefixes it with the root, the API and the user's `sub`. */
  queryKey: TQueryKey;
  /** Fetches the data once the token is ready. */
  queryFn: (context: AuthedQueryFunctionContext<TQueryKey>) => TQueryFnData | Promise<TQueryFnData>;
  /** `fetch` under the token-bound one. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
};

/** What `authedQueryOptions` returns: a plain `queryOptions` object whose key is tagged with the data type. */
export type AuthedQueryOptions<
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = UnusedSkipTokenOptions<TQueryFnData, TError, TData, AuthedQueryKey<TQueryKey>> & {
  /** `["react-oidc-apis", api, sub | null, ...queryKey]`, tagged for `getQueryData`. */
  queryKey: DataTag<AuthedQueryKey<TQueryKey>, TQueryFnData, TError>;
};

function assertSameUser(oidc: Oidc<string>, api: string, sub: string | null): void {
  if (currentSubject(oidc) !== sub) {
    throw new OidcError("logged_out", "The user changed while the query ran; its result was dropped.", { api });
  }
}

/**
 * `queryOptions` for data of `api`, usable with `useQuery`, `useSuspenseQuery` and `queryClient.ensureQueryData`
 * in a route loader alike.
 *
 * The key is scoped to the current user (`["react-oidc-apis", api, sub, ...queryKey]`), so user B never reads
 * user A's cache; a result that arrives after the user changed is dropped with `logged_out`. The `queryFn`
 * awaits `oidc.getApiToken(api)` first, so nothing is sent before the token is ready.
 * @param oidc - The instance that holds the session.
 * @param api - The named client whose token the query uses.
 */
export function authedQueryOptions<
  Api extends string,
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  const TQueryKey extends QueryKey = QueryKey,
>(
  oidc: Oidc<Api>,
  api: Api,
  options: AuthedQueryOptionsInput<TQueryFnData, TError, TData, TQueryKey>,
): AuthedQueryOptions<TQueryFnData, TError, TData, TQueryKey> {
  const { queryKey, queryFn, fetch: fetchImpl, ...rest } = options;
  const sub = currentSubject(oidc);
  const boundFetch = createTokenBoundFetch(oidc, api, fetchImpl ? { fetch: fetchImpl } : {});
  return {
    ...rest,
    queryKey: authedQueryKey(api, sub, queryKey) as DataTag<AuthedQueryKey<TQueryKey>, TQueryFnData, TError>,
    queryFn: async (context: QueryFunctionContext<AuthedQueryKey<TQueryKey>>) => {
      const accessToken = await oidc.getApiToken(api);
      assertSameUser(oidc, api, sub);
      // Copy descriptors, not values: TanStack only makes a query abortable when its queryFn reads `signal`.
      const authed = Object.defineProperties(
        { accessToken, fetch: boundFetch },
        Object.getOwnPropertyDescriptors(context),
      ) as AuthedQueryFunctionContext<TQueryKey>;
      const data = await queryFn(authed);
      assertSameUser(oidc, api, sub);
      return data;
    },
  };
}
