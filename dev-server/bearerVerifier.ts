// Verifies `Authorization: Bearer` (or `DPoP`) JWT access tokens the way a resource server must: signature against
// the issuer's JWKS (found through discovery), `iss`, its own `aud`, expiry and `typ: at+jwt`. The proof that goes
// with a DPoP token is dpopVerifier's concern.
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";

/** Claims of an accepted access token. */
export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  aud: string[];
  scope?: string;
  client_id?: string;
  /** RFC 9449 §6: the thumbprint of the key a DPoP-bound token is bound to. */
  cnf?: { jkt?: string };
}

/** Outcome of checking one Authorization header. */
export type BearerResult =
  | { ok: true; claims: AccessTokenClaims; scheme: "Bearer" | "DPoP"; token: string }
  | { ok: false; reason: string; aud?: string[]; sub?: string };

/** Checks Authorization headers for one issuer and audience. */
export type BearerVerifier = (authorization: string | undefined) => Promise<BearerResult>;

function asList(aud: unknown): string[] | undefined {
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud) && aud.every((a) => typeof a === "string")) return aud;
  return undefined;
}

/** Create a verifier; the JWKS location is looked up in the issuer's discovery document on first use. */
export function createBearerVerifier(issuer: string, audience: string): BearerVerifier {
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keys = () => {
    // One discovery fetch shared by concurrent requests; forgotten on failure so the next request retries.
    jwks ??= fetch(`${issuer}/.well-known/openid-configuration`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`discovery answered ${response.status}`);
        const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: string };
        if (!uri) throw new Error("discovery has no jwks_uri");
        return createRemoteJWKSet(new URL(uri));
      })
      .catch((error: unknown) => {
        jwks = undefined;
        throw error;
      });
    return jwks;
  };

  return async (authorization) => {
    const match = /^(Bearer|DPoP) ([^\s]+)$/i.exec(authorization ?? "");
    if (!match?.[2]) return { ok: false, reason: "missing bearer token" };
    const scheme = match[1]?.toLowerCase() === "dpop" ? "DPoP" : "Bearer";
    const token = match[2];
    let unverified: JWTPayload | undefined;
    try {
      unverified = decodeJwt(token);
    } catch {
      return { ok: false, reason: "not a JWT" };
    }
    try {
      const { payload } = await jwtVerify(token, await keys(), {
        issuer,
        audience,
        typ: "at+jwt",
        algorithms: ["ES256", "RS256"],
        requiredClaims: ["sub", "exp"],
      });
      return { ok: true, claims: { ...payload, sub: String(payload.sub), aud: asList(payload.aud) ?? [] }, scheme, token };
    } catch (error) {
      return {
        ok: false,
        reason: error instanceof Error ? error.message : "verification failed",
        aud: asList(unverified.aud),
        sub: typeof unverified.sub === "string" ? unverified.sub : undefined,
      };
    }
  };
}
