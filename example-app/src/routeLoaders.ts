import type { LoaderFunctionArgs } from "react-router";
import type { IdTokenClaims } from "react-oidc-apis";
import { authedQueryOptions } from "react-oidc-apis/query";
import type { ListQuery } from "./api/queries";
import { enforceLogin } from "react-oidc-apis/router";
import type { AppServices } from "./appServices";

/** Loader of a protected page: sends a logged-out user to the IdP (and back here), else resolves with the user. */
export function protectedLoader({ oidc }: AppServices) {
  return async (args: LoaderFunctionArgs): Promise<{ user: IdTokenClaims }> => enforceLogin(oidc, args);
}

/**
 * Loader of a protected page whose data comes from one API: starts the query without awaiting it, so the page
 * renders at once with its own loading state while the token and the data arrive.
 */
export function protectedQueryLoader<T>(services: AppServices, query: (services: AppServices) => ListQuery<T>) {
  const { oidc, queryClient } = services;
  return async (args: LoaderFunctionArgs): Promise<{ user: IdTokenClaims }> => {
    const result = await enforceLogin(oidc, args);
    void queryClient.prefetchQuery(authedQueryOptions(oidc, query(services)));
    return result;
  };
}
