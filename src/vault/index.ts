"use client";
// Re-exports the `useVaultToken` hook, so React Server Components hosts load this entry on the client only.
export { createVaultClient } from "./vaultClient.js";
export type { VaultClient, VaultClientOptions } from "./vaultClient.js";
export { VaultError, isVaultError } from "./vaultError.js";
export type { VaultErrorCode } from "../core/errors.js";
export { vaultLoginRequest, processVaultLoginResponse } from "./vaultLogin.js";
export type { VaultLogin, VaultLoginRequestOptions } from "./vaultLogin.js";
export { revokeSelfRequest, processRevokeSelfResponse } from "./vaultRevoke.js";
export {
  kvReadRequest,
  processKvReadResponse,
  kvWriteRequest,
  processKvWriteResponse,
  kvListRequest,
  processKvListResponse,
} from "./kvSecret.js";
export type { KvSecret, KvVersionMetadata, KvReadOptions, KvWriteOptions, VaultFetch } from "./kvSecret.js";
export type { FetchLike } from "./vaultResponse.js";
export type { VaultTokenSnapshot } from "./vaultTokenCache.js";
export type { VaultCarry } from "./heldTokenCarry.js";
// The hook lives in the React layer; re-exported so `react-oidc-apis/vault` keeps offering it.
export { useVaultToken } from "../react/useVaultToken.js";
export type { VaultTokenState } from "../react/useVaultToken.js";
