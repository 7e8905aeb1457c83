"use client";
// Hooks over TanStack Query: React Server Components hosts load this entry on the client only.
export { authedQueryKey, authedQueryKeyRoot } from "./authedQueryKey";
export type { AuthedQueryKey } from "./authedQueryKey";
export { authedQueryOptions } from "./authedQueryOptions";
export type { AuthedQueryFunctionContext, AuthedQueryOptions, AuthedQueryOptionsInput } from "./authedQueryOptions";
export { AuthedQueryCacheGuard } from "./AuthedQueryCacheGuard";
export type { AuthedQueryCacheGuardProps } from "./AuthedQueryCacheGuard";
export { connectQueryClient } from "./connectQueryClient";
export { createTokenBoundFetch } from "./tokenBoundFetch";
export type { TokenBoundFetchOptions } from "./tokenBoundFetch";
export { isUnderBaseUrl } from "./baseUrlScope";
export { useAuthedMutation } from "./useAuthedMutation";
export type { AuthedMutationFunctionContext, AuthedMutationOptions } from "./useAuthedMutation";
export { useAuthedQuery } from "./useAuthedQuery";
export { useAuthedSuspenseQuery } from "./useAuthedSuspenseQuery";
export { useConnectQueryClient } from "./useConnectQueryClient";
export { useVaultSecret, vaultSecretQueryOptions } from "./vaultSecretQuery";
export type { VaultSecretQueryParams } from "./vaultSecretQuery";
