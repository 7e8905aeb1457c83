import type { LoaderFunctionArgs } from "react-router";
import type { IdTokenClaims } from "react-oidc-apis";
import { authedQueryOptions, type AuthedQueryOptionsInput } from "react-oidc-apis/query";
import { enforceLogin } from "react-oidc-apis/router";
import type { AppServices } from "./appServices";
import type { AppApi } from "./oidc";

/** Loader of a protected page: sends a logged-out user to the IdP (and back here), else resolves with the user. */
export function protectedLoader({ oidc }: AppServices) {
  return async (args: LoaderFunctionArgs): Promise<{ user: IdTokenClaims }> => enforceLogin(oidc, args);
}

/**
 * Loader of a protected page whose data comes from one API: starts the query without awaiting it, so the page
 * renders at once with its own loading state while the token and the data arrive.
 */
export function protectedQueryLoader<T>(services: AppServices, api: AppApi, query: (services: AppServices) => AuthedQueryOptionsInput<T[], Error, T[], readonly [string]>) {
  const { oidc, queryClient } = services;
  return async (args: LoaderFunctionArgs): Promise<{ user: IdTokenClaims }> => {
    const result = await enforceLogin(oidc, args);
    void queryClient.prefetchQuery(authedQueryOptions(oidc, api, query(services)));
    return result;
  };
}
