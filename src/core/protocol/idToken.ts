import { OidcError } from "../errors.js";
import { decodeJwtPayload, type JwtClaims } from "./jwt.js";

/** What an ID token must match: OIDC Core §3.1.3.7 (signature aside: it came straight from the token endpoint over TLS). */
export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** The nonce sent with the authorization request; `undefined` after a refresh, where none is sent. */
  nonce: string | undefined;
  /** The subject the session already has: a refreshed or re-authorized ID token must name the same user. */
  sub: string | undefined;
  now: number;
  api: string;
}

// Clocks of browsers and IdPs disagree; an ID token is only read once, right after it was issued.
const CLOCK_SKEW_S = 300;

/** The claims of `idToken` once they match `expected`; throws `invalid_callback` naming the mismatch. */
export function validateIdToken(idToken: string, expected: IdTokenExpectations): JwtClaims & { sub: string } {
  const claims = decodeJwtPayload(idToken);
  const refuse = (why: string) =>
    new OidcError("invalid_callback", `The ID token for "${expected.api}" was refused: ${why}.`, { api: expected.api });
  if (!claims) throw refuse("it is not a JWT");
  if (typeof claims.sub !== "string" || claims.sub === "") throw refuse("it has no `sub`");
  if (typeof claims.iss !== "string" || claims.iss.replace(/\/+$/, "") !== expected.issuer.replace(/\/+$/, "")) {
    throw refuse(`its issuer ${JSON.stringify(claims.iss)} is not "${expected.issuer}"`);
  }
  const aud = [claims.aud].flat();
  if (!aud.includes(expected.clientId)) throw refuse(`its audience does not name client "${expected.clientId}"`);
  if (typeof claims.exp === "number" && claims.exp + CLOCK_SKEW_S < expected.now / 1000) throw refuse("it has expired");
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce) throw refuse("its nonce is not the one this app sent");
  if (expected.sub !== undefined && claims.sub !== expected.sub) throw refuse("it names another user than the session's");
  return claims as JwtClaims & { sub: string };
}
