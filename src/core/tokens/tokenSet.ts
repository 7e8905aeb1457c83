import { decodeJwtPayload } from "../protocol/jwt.js";
import type { TokenResponse } from "../protocol/tokenEndpoint.js";

/** The access token of one token response; its refresh and ID tokens belong to the grant (`RefreshGrants`). */
export interface TokenSet {
  accessToken: string;
  /** `Bearer`, or `DPoP` for a sender-constrained token. */
  tokenType: string;
  /** When it was obtained, ms since the epoch, on the environment's clock. */
  obtainedAt: number;
  /** When it expires, ms since the epoch, on the same clock. */
  expiresAt: number;
  scope: string | undefined;
}

// Without expires_in or a readable exp, the lifetime is unknown: treat the token as short-lived rather than eternal.
const UNKNOWN_LIFETIME_S = 60;

function lifetimeSeconds(response: TokenResponse): number {
  if (response.expiresIn !== undefined) return response.expiresIn;
  const claims = decodeJwtPayload(response.accessToken);
  const { exp, iat } = claims ?? {};
  return typeof exp === "number" && typeof iat === "number" && exp > iat ? exp - iat : UNKNOWN_LIFETIME_S;
}

/** The token set of a token response, its expiry counted on `now` (the IdP's `expires_in`, not its clock). */
export function tokenSetFrom(response: TokenResponse, now: number): TokenSet {
  return {
    accessToken: response.accessToken,
    tokenType: response.tokenType,
    obtainedAt: now,
    expiresAt: now + lifetimeSeconds(response) * 1000,
    scope: response.scope,
  };
}
