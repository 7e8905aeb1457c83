import { useEffect, useMemo, useSyncExternalStore } from "react";
import type { OidcError } from "../core/errors.js";
import type { VaultClient } from "../vault/vaultClient.js";
import type { VaultError } from "../vault/vaultError.js";
import type { VaultTokenSnapshot } from "../vault/vaultTokenCache.js";
import { serverNothing } from "./serverSnapshots.js";

/** The fields of every state but `ready`: no token. */
interface NoVaultToken {
  accessToken: undefined;
  expiresAt: undefined;
  policies: undefined;
}

/**
 * What `useVaultToken` returns: a union on `status` with the same vocabulary as `useApiToken` (`idle`, `loading`, `ready`,
 * `error`), so `status === "ready"` narrows `accessToken` to a string; the object is replaced only when a field changes.
 */
export type VaultTokenState =
  | (NoVaultToken & {
      /** No session (logged out): no Vault token is asked for. */
      status: "idle";
      error: undefined;
    })
  | (NoVaultToken & {
      /** No Vault token yet: the login is under way (or the session is starting). */
      status: "loading";
      error: undefined;
    })
  | {
      /** A Vault token for the signed-in user; it is renewed before its lease ends. */
      status: "ready";
      /** The Vault token (`hvs.…`), sent as `X-Vault-Token`. */
      accessToken: string;
      /** When its lease ends, in ms since the epoch. */
      expiresAt: number;
      /** Its policies. */
      policies: string[];
      error: undefined;
    }
  | (NoVaultToken & {
      /** No Vault token: `error` says why (`VaultError`, or `OidcError` when the upstream token or the session failed). */
      status: "error";
      error: VaultError | OidcError;
    });

const none: NoVaultToken = { accessToken: undefined, expiresAt: undefined, policies: undefined };
const idleState: VaultTokenState = { status: "idle", ...none, error: undefined };
const loadingState: VaultTokenState = { status: "loading", ...none, error: undefined };

const noop = () => {};

/**
 * A Vault token from `vault` (made once with `createVaultClient`) for the signed-in user, kept fresh by the client while
 * the component is mounted (renewal before the lease ends and after the upstream token changes, retries with backoff).
 * The hook only subscribes and asks for the first token. `idle` while logged out; on a server and while hydrating,
 * `loading`.
 * @param vault - The client to read, shared with the app's loaders and query options.
 */
export function useVaultToken<Api extends string>(vault: VaultClient<Api>): VaultTokenState {
  const { oidc } = vault;
  // Server snapshots: no Vault token and a session not started yet, on the server and while hydrating alike.
  const snapshot = useSyncExternalStore<VaultTokenSnapshot | undefined>(vault.subscribe, vault.getSnapshot, serverNothing);
  // Status and error apart, not the session object: a new ID token for the same user must not re-render.
  const sessionStatus = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.status, () => "initializing" as const);
  const sessionError = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.error, serverNothing);
  const loggedIn = sessionStatus === "loggedIn";
  const idle = snapshot === undefined || snapshot.status === "idle";

  // First use (the client is single-flight, so StrictMode and N components make one login). Never while logged out.
  useEffect(() => {
    if (loggedIn && idle) vault.getVaultToken().catch(noop);
  }, [vault, loggedIn, idle]);

  return useMemo((): VaultTokenState => {
    if (sessionStatus === "loggedOut") return idleState;
    if (sessionStatus === "error" && sessionError) return { status: "error", ...none, error: sessionError };
    const login = snapshot?.login;
    if (snapshot?.status === "ready" && login) {
      return { status: "ready", accessToken: login.accessToken, expiresAt: login.expiresAt, policies: login.policies, error: undefined };
    }
    if (snapshot?.status === "error" && snapshot.error) return { status: "error", ...none, error: snapshot.error };
    return loadingState;
  }, [snapshot, sessionStatus, sessionError]);
}
