import type { SigninResponse } from "oidc-client-ts";
import { OidcError } from "./errors";

/** What the kit keeps for one named client; lives in memory unless `tokenStorage: "sessionStorage"`. */
export interface TokenSet {
  accessToken: string;
  /** ms since the epoch. */
  expiresAt: number;
  scope: string | undefined;
  refreshToken: string | undefined;
  idToken: string | undefined;
}

/** The token set of a successful token response; a response without an access token is refused. */
export function tokenSetFrom(response: SigninResponse, now: number, api: string): TokenSet {
  if (!response.access_token) {
    throw new OidcError("malformed_token", `The token response for "${api}" has no access_token.`, { api });
  }
  return {
    accessToken: response.access_token,
    // Without expires_in the token's lifetime is unknown: treat it as short-lived rather than eternal.
    expiresAt: response.expires_at !== undefined ? response.expires_at * 1000 : now + 60_000,
    scope: response.scope,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
  };
}
