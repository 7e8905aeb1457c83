import type { QueryKey } from "@tanstack/react-query";
import type { RegisteredApi } from "../core/register.js";
import type { Oidc } from "../core/types.js";

/** First element of every key the kit builds: which API's token fetches the data, and for which user (`sub`). */
export interface AuthedQueryScope<Api extends string = string> {
  /** The named client whose token the query uses. */
  readonly authedApi: Api;
  /** `sub` of the user the data belongs to; `null` when nobody was logged in. */
  readonly sub: string | null;
}

/** A query key scoped to one API and one user: `[{ authedApi, sub }, ...queryKey]`. */
export type AuthedQueryKey<TQueryKey extends QueryKey = QueryKey> = readonly [AuthedQueryScope, ...TQueryKey];

/** What `authedQueryKey(api, queryKey)` returns: a prefix of the keys of `api`'s queries under `queryKey`. */
export type AuthedQueryKeyPrefix<Api extends string = string, TQueryKey extends QueryKey = QueryKey> = readonly [
  { readonly authedApi: Api },
  ...TQueryKey,
];

/**
 * The key prefix of `api`'s queries whose own key starts with `queryKey`, for query filters:
 * `queryClient.invalidateQueries({ queryKey: authedQueryKey("todos", ["todos"]) })`. TanStack matches the first
 * element partially, so the prefix matches whatever user the entries were fetched for; with `connectQueryClient` the
 * cache holds only the current user's. `authedQueryKey("todos")` matches every query of that API.
 * @param api - The named client (a registered instance's client name, see `Register`).
 * @param queryKey - The key as the query was given it, or a prefix of it. Default: `[]`.
 */
export function authedQueryKey<Api extends RegisteredApi = RegisteredApi, const TQueryKey extends QueryKey = readonly []>(
  api: Api,
  queryKey?: TQueryKey,
): AuthedQueryKeyPrefix<Api, TQueryKey> {
  return [{ authedApi: api }, ...(queryKey ?? [])] as unknown as AuthedQueryKeyPrefix<Api, TQueryKey>;
}

/** `sub` of the logged-in user, or `null`; the part of the key that keeps one user's cache from another's. */
export function currentSubject<Api extends string>(oidc: Oidc<Api>): string | null {
  return oidc.getSnapshot().session.user?.sub ?? null;
}

/** The full key under which `queryKey` of `api` is cached for the user `sub`. */
export function scopedQueryKey<TQueryKey extends QueryKey>(api: string, sub: string | null, queryKey: TQueryKey): AuthedQueryKey<TQueryKey> {
  return [{ authedApi: api, sub }, ...queryKey];
}

/** The scope of a key the kit built, or `undefined` for any other key. */
export function scopeOf(queryKey: QueryKey): AuthedQueryScope | undefined {
  const first: unknown = queryKey[0];
  if (typeof first !== "object" || first === null || Array.isArray(first)) return undefined;
  const { authedApi, sub } = first as Partial<AuthedQueryScope>;
  return typeof authedApi === "string" && (typeof sub === "string" || sub === null) ? { authedApi, sub } : undefined;
}
