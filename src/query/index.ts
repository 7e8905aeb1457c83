"use client";
// Hooks over TanStack Query: React Server Components hosts load this entry on the client only.
export { authedQueryKey } from "./authedQueryKey.js";
export type { AuthedQueryKey, AuthedQueryKeyPrefix, AuthedQueryScope } from "./authedQueryKey.js";
export { authedQueryOptions } from "./authedQueryOptions.js";
export type { AuthedQueryFunctionContext, AuthedQueryOptions, AuthedQueryOptionsInput } from "./authedQueryOptions.js";
export { connectQueryClient } from "./connectQueryClient.js";
export { createTokenBoundFetch } from "./tokenBoundFetch.js";
export type { TokenBoundFetchOptions } from "./tokenBoundFetch.js";
export { isUnderBaseUrl } from "./baseUrlScope.js";
export { useAuthedMutation } from "./useAuthedMutation.js";
export type { AuthedMutationFunctionContext, AuthedMutationOptions } from "./useAuthedMutation.js";
export { useAuthedQuery } from "./useAuthedQuery.js";
export { useAuthedSuspenseQuery } from "./useAuthedSuspenseQuery.js";
export { useVaultSecret, vaultSecretQueryOptions } from "./vaultSecretQuery.js";
export type { VaultSecretQueryParams } from "./vaultSecretQuery.js";
