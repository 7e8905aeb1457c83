// Verifies DPoP proofs (RFC 9449 §4.3, §7) the way a resource server must, with jose: the proof's signature with
// the key in its own `jwk` header, `typ`, `alg`, `htm`, `htu`, `iat` within a window, `jti` never seen before,
// `ath` = hash of the access token, and the key's thumbprint = the token's `cnf.jkt`; a nonce when asked for.
import { createHash, randomBytes } from "node:crypto";
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWK } from "jose";

/** What the request carried and the token said. */
export interface DpopRequest {
  /** The `DPoP` header, if any. */
  proof: string | undefined;
  method: string;
  /** The URL the request reached, as the server sees it (query and fragment are ignored). */
  url: string;
  accessToken: string;
  /** `cnf.jkt` of the verified access token. */
  jkt: string | undefined;
}

/** Outcome of one check; `useNonce` asks the client to retry with the server's current nonce. */
export type DpopResult = { ok: true; jkt: string } | { ok: false; reason: string; useNonce?: boolean };

/** Options of `createDpopVerifier`. */
export interface DpopVerifierOptions {
  /** How far `iat` may be from the server's clock, seconds. Default 60. */
  maxSkewSeconds?: number;
  /** The server's clock, ms. Default `Date.now`. */
  now?: () => number;
}

/** A proof checker with its replay cache and nonce switch. */
export interface DpopVerifier {
  verify(request: DpopRequest): Promise<DpopResult>;
  /** While `true`, proofs must carry `currentNonce()`. */
  setNonceRequired(required: boolean): void;
  /** The nonce to send as `DPoP-Nonce`, while one is required. */
  currentNonce(): string | undefined;
}

const htuOf = (url: string): string | undefined => {
  const parsed = URL.parse(url);
  if (!parsed) return undefined;
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
};

/** Create a verifier with its own `jti` replay cache (entries kept for the `iat` window). */
export function createDpopVerifier(options: DpopVerifierOptions = {}): DpopVerifier {
  const skew = options.maxSkewSeconds ?? 60;
  const now = options.now ?? Date.now;
  const seen = new Map<string, number>();
  let nonce: string | undefined;

  function replayed(jti: string): boolean {
    const at = now();
    for (const [id, expires] of seen) if (expires < at) seen.delete(id);
    if (seen.has(jti)) return true;
    seen.set(jti, at + 2 * skew * 1000);
    return false;
  }

  return {
    setNonceRequired: (required) => {
      nonce = required ? randomBytes(16).toString("base64url") : undefined;
    },
    currentNonce: () => nonce,
    async verify(request) {
      if (!request.proof) return { ok: false, reason: "DPoP proof missing" };
      let payload: Record<string, unknown>;
      let jwk: JWK | undefined;
      try {
        const verified = await jwtVerify(request.proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256", "RS256", "PS256", "EdDSA"] });
        payload = verified.payload;
        jwk = verified.protectedHeader.jwk;
      } catch (error) {
        return { ok: false, reason: `DPoP proof invalid: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (!jwk || "d" in jwk) return { ok: false, reason: "DPoP proof jwk is not a public key" };
      if (payload.htm !== request.method) return { ok: false, reason: "DPoP proof htm mismatch" };
      if (typeof payload.htu !== "string" || htuOf(payload.htu) !== htuOf(request.url)) return { ok: false, reason: "DPoP proof htu mismatch" };
      if (typeof payload.iat !== "number" || Math.abs(now() / 1000 - payload.iat) > skew) return { ok: false, reason: "DPoP proof iat outside the window" };
      if (typeof payload.jti !== "string" || payload.jti.length < 8) return { ok: false, reason: "DPoP proof jti missing" };
      const ath = createHash("sha256").update(request.accessToken).digest("base64url");
      if (payload.ath !== ath) return { ok: false, reason: "DPoP proof ath mismatch" };
      const jkt = await calculateJwkThumbprint(jwk, "sha256");
      if (request.jkt === undefined) return { ok: false, reason: "the access token is not DPoP-bound (no cnf.jkt)" };
      if (jkt !== request.jkt) return { ok: false, reason: "DPoP proof key does not match the token's cnf.jkt" };
      if (nonce !== undefined && payload.nonce !== nonce) return { ok: false, reason: "DPoP nonce required", useNonce: true };
      // Last: a proof refused for another reason has not been used up.
      if (replayed(payload.jti)) return { ok: false, reason: "DPoP proof replayed (jti seen before)" };
      return { ok: true, jkt };
    },
  };
}
