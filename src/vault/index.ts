"use client";
// Re-exports the `useVaultToken` hook, so React Server Components hosts load this entry on the client only.
export { createVaultClient } from "./vaultClient";
export type { VaultClient, VaultClientOptions } from "./vaultClient";
export { VaultError, isVaultError } from "./vaultError";
export type { VaultErrorCode } from "../core/errors";
export { vaultLoginRequest, processVaultLoginResponse } from "./vaultLogin";
export type { VaultLogin, VaultLoginRequestOptions } from "./vaultLogin";
export { revokeSelfRequest, processRevokeSelfResponse } from "./vaultRevoke";
export {
  kvReadRequest,
  processKvReadResponse,
  kvWriteRequest,
  processKvWriteResponse,
  kvListRequest,
  processKvListResponse,
} from "./kvSecret";
export type { KvSecret, KvVersionMetadata, KvReadOptions, KvWriteOptions, VaultFetch } from "./kvSecret";
export type { FetchLike } from "./vaultResponse";
export type { VaultTokenSnapshot } from "./vaultTokenCache";
// The hook lives in the React layer; re-exported so `react-oidc-apis/vault` keeps offering it.
export { useVaultToken } from "../react/useVaultToken";
export type { UseVaultTokenOptions, VaultTokenState } from "../react/useVaultToken";
