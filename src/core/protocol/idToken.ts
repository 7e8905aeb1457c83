import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
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

/** The claims of `idToken` once they match `expected`; throws `invalid_callback` naming the mismatch (production builds: the claim). */
export function validateIdToken(idToken: string, expected: IdTokenExpectations): JwtClaims & { sub: string } {
  const claims = decodeJwtPayload(idToken);
  const refuse = (why: string) =>
    new OidcError("invalid_callback", `The ID token for "${expected.api}" was refused: ${why}.`, { api: expected.api });
  if (!claims) throw refuse("it is not a JWT");
  if (typeof claims.sub !== "string" || claims.sub === "") throw refuse(DEV ? "it has no `sub`" : "sub");
  if (typeof claims.iss !== "string" || claims.iss.replace(/\/+$/, "") !== expected.issuer.replace(/\/+$/, "")) {
    throw refuse(DEV ? `its issuer ${JSON.stringify(claims.iss)} is not "${expected.issuer}"` : "iss");
  }
  const aud = [claims.aud].flat();
  if (!aud.includes(expected.clientId)) throw refuse(DEV ? `its audience does not name client "${expected.clientId}"` : "aud");
  if (typeof claims.exp === "number" && claims.exp + CLOCK_SKEW_S < expected.now / 1000) throw refuse(DEV ? "it has expired" : "exp");
  if (expected.nonce !== undefined && claims.nonce !== expected.nonce) throw refuse(DEV ? "its nonce is not the one this app sent" : "nonce");
  if (expected.sub !== undefined && claims.sub !== expected.sub) throw refuse(DEV ? "it names another user than the session's" : "sub");
  return claims as JwtClaims & { sub: string };
}
