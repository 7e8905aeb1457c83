import { sha256 } from "./encoding.js";

/** A public JWK, as far as a thumbprint reads it. */
export interface PublicJwk {
  readonly kty: string;
}

// RFC 7638 §3.2: only the required members of each key type, in lexicographic order.
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  EC: ["crv", "kty", "x", "y"],
  RSA: ["e", "kty", "n"],
  OKP: ["crv", "kty", "x"],
};

/**
 * The RFC 7638 JWK thumbprint of `jwk` (base64url SHA-256 of its required members as JSON without whitespace):
 * the `dpop_jkt` of an authorization request and the `cnf.jkt` of a DPoP-bound token.
 * @throws TypeError for a key type without required members or a member that is not a string.
 */
export function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  const members = REQUIRED[jwk.kty];
  if (members === undefined) throw new TypeError(`No JWK thumbprint for key type ${JSON.stringify(jwk.kty)}.`);
  const canonical: Record<string, string> = {};
  for (const name of members) {
    const value = (jwk as unknown as Record<string, unknown>)[name];
    if (typeof value !== "string") throw new TypeError(`The JWK has no string "${name}".`);
    canonical[name] = value;
  }
  return sha256(JSON.stringify(canonical));
}
