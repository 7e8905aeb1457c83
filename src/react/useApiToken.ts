import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import { OidcError } from "../core/errors.js";
import { DEV } from "../core/platform/development.js";
import type { RegisteredApi } from "../core/register.js";
import type { ApiTokenState } from "../core/types.js";
import { serverNothing } from "./serverSnapshots.js";
import { useOidcInstance } from "./useOidcInstance.js";

/**
 * What `useApiToken(api)` returns: a union on `status` (`idle`, `loading`, `ready`, `error`, the vocabulary of every
 * token state), the same object until that API's token changes.
 */
export type UseApiTokenResult =
  | {
      /** No session (logged out): no token is asked for. */
      status: "idle";
      accessToken: undefined;
      expiresAt: undefined;
      error: undefined;
    }
  | {
      /** No token yet: it is being fetched (or the session is starting). */
      status: "loading";
      accessToken: undefined;
      expiresAt: undefined;
      error: undefined;
    }
  | {
      /** A valid token for this API only; it is renewed before it expires. */
      status: "ready";
      /** The access token for this API only. */
      accessToken: string;
      /** When it expires, in ms since the epoch (it is renewed before). */
      expiresAt: number;
      /** Why the last renewal failed while this token is still valid; it is retried. */
      error: OidcError | undefined;
    }
  | {
      /** No token: `error` says why (`login_required`, `audience_mismatch`, `idp_unreachable` while retried, or the session's error). */
      status: "error";
      accessToken: undefined;
      expiresAt: undefined;
      error: OidcError;
    };

/** A result of `status`; the token fields come from a `ready` token, else stay `undefined`. */
const result = (status: UseApiTokenResult["status"], error?: OidcError, token?: ApiTokenState): UseApiTokenResult =>
  ({ status, accessToken: token?.accessToken, expiresAt: token?.expiresAt, error }) as UseApiTokenResult;
const loading = result("loading");
const idleResult = result("idle");

function resultOf(token: ApiTokenState | undefined): UseApiTokenResult {
  return token?.status === "ready" ? result("ready", token.error, token) : token?.status === "error" ? result("error", token.error) : loading;
}

/**
 * The access token of one named client, fetched on first use and kept fresh. Re-renders only when this
 * API's token changes: another API's renewal does not touch this component. `idle` while logged out; on a server and
 * while hydrating, `loading`. `api` is one of the registered instance's client names (see `Register`).
 */
export function useApiToken<Api extends RegisteredApi = RegisteredApi>(api: Api): UseApiTokenResult {
  const oidc = useOidcInstance<Api>();
  if (!Object.hasOwn(oidc.config.clients, api)) {
    const known = DEV ? ` Known: ${Object.keys(oidc.config.clients).join(", ")}.` : "";
    throw new OidcError("unknown_api", `useApiToken("${api}"): no such client.${known}`, { api });
  }
  // The server snapshot is "nothing yet" rather than the instance's state, so hydration matches the server's HTML.
  const token = useSyncExternalStore<ApiTokenState | undefined>(oidc.subscribe, () => oidc.getSnapshot().apis[api], serverNothing);
  // Status and error apart, not the session object: a new ID token for the same user must not re-render.
  const sessionStatus = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.status, () => "initializing" as const);
  const sessionError = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.error, serverNothing);
  const idle = token === undefined || token.status === "idle";

  const asked = useRef(false);
  useEffect(() => {
    // Asking once on mount marks the token as read, so it is kept fresh even when it arrived with the login;
    // asking again when it went idle (expired, session restarted) brings it back. getApiToken is single-flight.
    if (sessionStatus !== "loggedIn") {
      asked.current = false;
      return;
    }
    if (asked.current && !idle) return;
    asked.current = true;
    void oidc.getApiToken(api).catch(() => undefined);
  }, [oidc, api, sessionStatus, idle]);

  return useMemo((): UseApiTokenResult => {
    if (sessionStatus === "loggedOut") return idleResult;
    if (sessionStatus === "error" && sessionError) return result("error", sessionError);
    return resultOf(token);
  }, [token, sessionStatus, sessionError]);
}
