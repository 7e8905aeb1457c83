import { useEffect, useMemo, useSyncExternalStore } from "react";
import { OidcError } from "../core/errors";
import { useOidcInstance } from "./useOidcInstance";

/** What `useApiToken(api)` returns; the same object until that API's token changes. */
export interface UseApiTokenResult {
  /** `loading` until the token is there, then `ready`; `error` with `error` set. */
  status: "loading" | "ready" | "error";
  /** The access token for this API only. */
  accessToken: string | undefined;
  /** When it expires, in ms since the epoch (it is renewed before). */
  expiresAt: number | undefined;
  /** Why there is no token (`login_required`, `audience_mismatch`, ...). */
  error: OidcError | undefined;
}

/**
 * The access token of one named client, fetched on first use and kept fresh. Re-renders only when this
 * API's token changes: another API's renewal does not touch this component.
 */
export function useApiToken<Api extends string = string>(api: Api): UseApiTokenResult {
  const oidc = useOidcInstance<Api>();
  if (!Object.hasOwn(oidc.config.clients, api)) {
    throw new OidcError("unknown_api", `useApiToken("${api}"): no such client. Known: ${Object.keys(oidc.config.clients).join(", ")}.`);
  }
  const token = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().apis[api]);
  const sessionStatus = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.status);

  useEffect(() => {
    // getApiToken is single-flight, so StrictMode's double effect and N components make one request.
    if (sessionStatus === "loggedIn" && token.status === "idle") void oidc.getApiToken(api).catch(() => undefined);
  }, [oidc, api, sessionStatus, token.status]);

  return useMemo((): UseApiTokenResult => {
    if (sessionStatus === "loggedOut" || sessionStatus === "error") {
      const error = new OidcError("login_required", `Log in to get the "${api}" token.`, { api });
      return { status: "error", accessToken: undefined, expiresAt: undefined, error };
    }
    return {
      status: token.status === "idle" ? "loading" : token.status,
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      error: token.error,
    };
  }, [token, sessionStatus, api]);
}
