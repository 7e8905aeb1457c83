import { useEffect, useMemo, useSyncExternalStore } from "react";
import { OidcError } from "../core/errors.js";
import type { RegisteredApi } from "../core/register.js";
import { createVaultClient } from "../vault/vaultClient.js";
import type { VaultError } from "../vault/vaultError.js";
import type { VaultTokenSnapshot } from "../vault/vaultTokenCache.js";
import { serverNothing, serverSessionSnapshot } from "./serverSnapshots.js";
import { useOidcInstance } from "./useOidcInstance.js";

/** Options of `useVaultToken`. */
export interface UseVaultTokenOptions {
  /** Named client whose access token Vault accepts (a registered instance's client name, see `Register`). Default: `"vault"`. */
  api?: RegisteredApi;
  /** Vault's base URL, without `/v1`. */
  vaultUrl: string;
  /** Role of the JWT auth method. */
  role: string;
  /** Mount path of the JWT auth method. Default: `"jwt"`. */
  mount?: string;
}

/**
 * What `useVaultToken` returns: a union on `status`, so `status === "ready"` narrows `accessToken` to a string; the object
 * is replaced only when one of its fields changes.
 */
export type VaultTokenState =
  | {
      /** No Vault token yet: the login is under way (or the session is starting). */
      status: "loading";
      accessToken: undefined;
      expiresAt: undefined;
      policies: undefined;
      error: undefined;
    }
  | {
      /** A Vault token for the signed-in user. */
      status: "ready";
      /** The Vault token (`hvs.…`). */
      accessToken: string;
      /** When its lease ends, in ms since the epoch. */
      expiresAt: number;
      /** Its policies. */
      policies: string[];
      error: undefined;
    }
  | {
      /** No Vault token: `error` says why (`VaultError`, or `OidcError` when the upstream token could not be had). */
      status: "error";
      accessToken: undefined;
      expiresAt: undefined;
      policies: undefined;
      error: VaultError | OidcError;
    };

const loadingState: VaultTokenState = { status: "loading", accessToken: undefined, expiresAt: undefined, policies: undefined, error: undefined };

const noop = () => {};

/**
 * A Vault token for the signed-in user, kept fresh by the Vault client while the component is mounted (renewal before
 * the lease ends and after the upstream token changes, retries with backoff: see `createVaultClient`). The hook only
 * subscribes and asks for the first token. On a server and while hydrating, the result is `loading`.
 */
export function useVaultToken(options: UseVaultTokenOptions): VaultTokenState {
  const oidc = useOidcInstance();
  const { api, vaultUrl, role, mount } = options;
  const client = useMemo(() => createVaultClient({ oidc, api, vaultUrl, role, mount }), [oidc, api, vaultUrl, role, mount]);
  // Server snapshots: no Vault token and a session not started yet, on the server and while hydrating alike.
  const snapshot = useSyncExternalStore<VaultTokenSnapshot | undefined>(client.subscribe, client.getSnapshot, serverNothing);
  const session = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session, serverSessionSnapshot);
  const loggedIn = session.status === "loggedIn";
  const idle = snapshot === undefined || snapshot.status === "idle";

  // First use (the client is single-flight, so StrictMode and N components make one login). Never while logged out.
  useEffect(() => {
    if (loggedIn && idle) client.getVaultToken().catch(noop);
  }, [client, loggedIn, idle]);

  return useMemo((): VaultTokenState => {
    if (idle && (session.status === "loggedOut" || session.status === "error")) {
      const error = session.error ?? new OidcError("login_required", "Log in to obtain a Vault token.");
      return { status: "error", accessToken: undefined, expiresAt: undefined, policies: undefined, error };
    }
    const login = snapshot?.login;
    if (snapshot?.status === "ready" && login) {
      return { status: "ready", accessToken: login.accessToken, expiresAt: login.expiresAt, policies: login.policies, error: undefined };
    }
    if (snapshot?.status === "error" && snapshot.error) {
      return { status: "error", accessToken: undefined, expiresAt: undefined, policies: undefined, error: snapshot.error };
    }
    return loadingState;
  }, [snapshot, session, idle]);
}
