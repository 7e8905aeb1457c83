import {
  useMutation,
  type DefaultError,
  type MutationFunction,
  type OmitKeyof,
  type QueryClient,
  type UseMutationOptions,
  type UseMutationResult,
} from "@tanstack/react-query";
import { useMemo } from "react";
import type { RegisteredApi } from "../core/register.js";
import { useOidcInstance } from "../react/useOidcInstance.js";
import { createTokenBoundFetch } from "./tokenBoundFetch.js";

// TanStack passes a context as the second mutationFn argument since 5.80; older 5.x pass nothing.
type TanStackMutationContext = Parameters<MutationFunction>[1] extends infer C ? (C extends object ? C : object) : object;

/** What an authed `mutationFn` receives after the variables: the API's token and a fetch bound to it. */
export type AuthedMutationFunctionContext = TanStackMutationContext & {
  /** The API's access token, already obtained. */
  accessToken: string;
  /** `createTokenBoundFetch(oidc, api)`: adds the token, enforces `baseUrls`, renews once on 401. */
  fetch: typeof fetch;
};

/** Options of `useAuthedMutation`: those of `useMutation` plus `api`, with a `mutationFn` that gets the token. */
export type AuthedMutationOptions<
  Api extends string = string,
  TData = unknown,
  TError = DefaultError,
  TVariables = void,
  TOnMutateResult = unknown,
> = OmitKeyof<UseMutationOptions<TData, TError, TVariables, TOnMutateResult>, "mutationFn"> & {
  /** The named client whose token the mutation uses (a registered instance's client name, see `Register`). */
  api: Api;
  /** Performs the mutation once the token is ready. */
  mutationFn: (variables: TVariables, context: AuthedMutationFunctionContext) => Promise<TData>;
  /** `fetch` under the token-bound one. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
};

/**
 * `useMutation` whose `mutationFn(variables, { accessToken, fetch })` runs only once the token of `api` is ready:
 * `useAuthedMutation({ api: "todos", mutationFn: (title: string, { fetch }) => … })`; the types come from `mutationFn`.
 * @param options - Those of `useMutation`, plus `api` (a registered instance's client name, see `Register`).
 * @param queryClient - Use this client instead of the one from `<QueryClientProvider>`.
 */
export function useAuthedMutation<Api extends RegisteredApi = RegisteredApi, TData = unknown, TError = DefaultError, TVariables = void, TOnMutateResult = unknown>(
  options: AuthedMutationOptions<Api, TData, TError, TVariables, TOnMutateResult>,
  queryClient?: QueryClient,
): UseMutationResult<TData, TError, TVariables, TOnMutateResult> {
  const oidc = useOidcInstance<Api>();
  const { api, mutationFn, fetch: fetchImpl, ...rest } = options;
  const boundFetch = useMemo(() => createTokenBoundFetch(oidc, api, fetchImpl ? { fetch: fetchImpl } : {}), [oidc, api, fetchImpl]);
  return useMutation(
    {
      ...rest,
      mutationFn: async (variables: TVariables, context?: TanStackMutationContext) => {
        const accessToken = await oidc.getApiToken(api);
        return mutationFn(variables, { ...context, accessToken, fetch: boundFetch } as AuthedMutationFunctionContext);
      },
    },
    queryClient,
  );
}
