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
import { currentSubject, scopedQueryKey, type AuthedQueryKey } from "./authedQueryKey.js";
import { createTokenBoundFetch } from "./tokenBoundFetch.js";

/** What an authed `queryFn` receives: TanStack's context plus the API's token and a fetch bound to it. */
export type AuthedQueryFunctionContext<TQueryKey extends QueryKey = QueryKey> = QueryFunctionContext<AuthedQueryKey<TQueryKey>> & {
  /** The API's access token, already obtained (the query waits for it). */
  accessToken: string;
  /** `createTokenBoundFetch(oidc, api)`: adds the token, enforces `baseUrls`, renews once on 401. */
  fetch: typeof fetch;
};

/**
 * Options of `authedQueryOptions`, `useAuthedQuery` and `useAuthedSuspenseQuery`: those of `useQuery` plus `api`, with
 * `queryKey` as the app thinks of it and a `queryFn` that gets the token.
 */
export type AuthedQueryOptionsInput<
  Api extends string = string,
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  TQueryKey extends QueryKey = QueryKey,
> = OmitKeyof<UseQueryOptions<TQueryFnData, TError, TData, AuthedQueryKey<TQueryKey>>, "queryKey" | "queryFn"> & {
  /** The named client whose token the query uses (a registered instance's client name, see `Register`). */
  api: Api;
  /** The key as the app thinks of it; the kit puts `{ authedApi: api, sub }` in front (see `authedQueryKey`). */
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
  /** `[{ authedApi: api, sub }, ...queryKey]`, tagged for `getQueryData`. */
  queryKey: DataTag<AuthedQueryKey<TQueryKey>, TQueryFnData, TError>;
};

function assertSameUser(oidc: Oidc<string>, api: string, sub: string | null): void {
  if (currentSubject(oidc) !== sub) {
    throw new OidcError("logged_out", "The user changed while the query ran; its result was dropped.", { api });
  }
}

/**
 * `queryOptions` for data of `options.api`, usable with `useQuery`, `useSuspenseQuery` and
 * `queryClient.ensureQueryData` in a route loader alike.
 *
 * The key is scoped to the current user (`[{ authedApi: api, sub }, ...queryKey]`), so user B never reads user A's
 * cache; `authedQueryKey(api, queryKey)` is a prefix of it for filters. A result that arrives after the user changed
 * is dropped with `logged_out`. The `queryFn` awaits `oidc.getApiToken(api)` first, so nothing is sent before the
 * token is ready.
 * @param oidc - The instance that holds the session.
 * @param options - Those of `useQuery`, plus `api` (the named client whose token the query uses).
 */
export function authedQueryOptions<
  Api extends string,
  TQueryFnData = unknown,
  TError = DefaultError,
  TData = TQueryFnData,
  const TQueryKey extends QueryKey = QueryKey,
>(
  oidc: Oidc<Api>,
  options: AuthedQueryOptionsInput<NoInfer<Api>, TQueryFnData, TError, TData, TQueryKey>,
): AuthedQueryOptions<TQueryFnData, TError, TData, TQueryKey> {
  const { api, queryKey, queryFn, fetch: fetchImpl, ...rest } = options;
  const sub = currentSubject(oidc);
  const boundFetch = createTokenBoundFetch(oidc, api, fetchImpl ? { fetch: fetchImpl } : {});
  return {
    ...rest,
    queryKey: scopedQueryKey(api, sub, queryKey) as DataTag<AuthedQueryKey<TQueryKey>, TQueryFnData, TError>,
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
