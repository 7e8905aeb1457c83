import type { QueryKey } from "@tanstack/react-query";
import type { Oidc } from "../core/types.js";

/** First element of every query key the kit builds; `removeQueries({ queryKey: [authedQueryKeyRoot] })` drops them all. */
export const authedQueryKeyRoot = "react-oidc-apis";

/** A query key scoped to one API and one user: `["react-oidc-apis", api, sub | null, ...queryKey]`. */
export type AuthedQueryKey<TQueryKey extends QueryKey = QueryKey> = readonly [typeof authedQueryKeyRoot, string, string | null, ...TQueryKey];

/** `sub` of the logged-in user, or `null`; the part of the key that keeps one user's cache from another's. */
export function currentSubject<Api extends string>(oidc: Oidc<Api>): string | null {
  return oidc.getSnapshot().session.user?.sub ?? null;
}

/** The key under which `queryKey` of `api` is cached for the user `sub`. */
export function authedQueryKey<TQueryKey extends QueryKey>(api: string, sub: string | null, queryKey: TQueryKey): AuthedQueryKey<TQueryKey> {
  return [authedQueryKeyRoot, api, sub, ...queryKey];
}
