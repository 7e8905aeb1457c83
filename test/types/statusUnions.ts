// Checked by `tsc` (the typecheck step): hook results and snapshot states narrow on `status`.
import type { ApiTokenState, SessionState } from "../../src/core/types";
import type { UseApiTokenResult } from "../../src/react/useApiToken";
import type { VaultTokenState } from "../../src/react/useVaultToken";
import type { VaultTokenSnapshot } from "../../src/vault/vaultTokenCache";

declare const api: ApiTokenState;
declare const hook: UseApiTokenResult;
declare const vault: VaultTokenState;
declare const session: SessionState;

export const narrowed: string[] = [];
if (api.status === "ready") narrowed.push(api.accessToken, api.tokenType);
if (hook.status === "ready") narrowed.push(hook.accessToken);
if (vault.status === "ready") narrowed.push(vault.accessToken, ...vault.policies);
if (session.status === "loggedIn") narrowed.push(session.user.sub);
if (hook.status === "error") narrowed.push(hook.error.code);

// @ts-expect-error only a `ready` state has a token for sure
export const apiToken: string = api.accessToken;
// @ts-expect-error only a `ready` result has a token for sure
export const hookToken: string = hook.accessToken;
// @ts-expect-error only a `ready` Vault state has a Vault token for sure
export const vaultAccessToken: string = vault.accessToken;
// @ts-expect-error only a logged-in session has a user for sure
export const sub: string = session.user.sub;

// One vocabulary for every token-like state: API tokens (snapshot and hook) and Vault tokens (hook and client snapshot).
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type TokenStatus = "idle" | "loading" | "ready" | "error";
export const apiStatuses: Equal<ApiTokenState["status"], TokenStatus> = true;
export const hookStatuses: Equal<UseApiTokenResult["status"], TokenStatus> = true;
export const vaultStatuses: Equal<VaultTokenState["status"], TokenStatus> = true;
export const vaultSnapshotStatuses: Equal<VaultTokenSnapshot["status"], TokenStatus> = true;
