import fc from "fast-check";
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from "jose";
import { createHash, createPublicKey, verify, type JsonWebKey as NodeJsonWebKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createProof, dpopKeyOf, generateDpopKeyPair, proofClaims, type ProofInput } from "../../src/core/dpop/proof";
import { fuzzParameters } from "./arbitraries";

const standardMethods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"];

/** Requests of every shape a token-bound fetch or an app may ask a proof for: any case, ports, paths, queries, fragments. */
const input: fc.Arbitrary<ProofInput> = fc.record({
  method: fc.oneof(fc.constantFrom(...standardMethods, "get", "post", "Patch", "PATCH", "propfind"), fc.stringMatching(/^[A-Za-z!#$%&'*+.^_`|~0-9-]{1,12}$/)),
  url: fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ["https", "http"] }),
  nowMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  nonce: fc.option(fc.stringMatching(/^[\x21\x23-\x5b\x5d-\x7e]{1,40}$/), { nil: undefined }),
  accessToken: fc.option(fc.string({ minLength: 1, maxLength: 60 }), { nil: undefined }),
});

describe("DPoP proof claims (property)", () => {
  it("htm as fetch sends it, htu without query or fragment, iat in seconds, ath and nonce exactly when given, fresh jti", async () => {
    const jtis = new Set<string>();
    await fc.assert(
      fc.asyncProperty(input, async (request) => {
        const claims = await proofClaims(request);
        const url = new URL(request.url);
        expect(claims.htm).toBe(standardMethods.includes(request.method.toUpperCase()) ? request.method.toUpperCase() : request.method);
        expect(claims.htu).toBe(`${url.origin}${url.pathname}`);
        expect(claims.htu).not.toMatch(/[?#]/);
        expect(claims.iat).toBe(Math.floor(request.nowMs / 1000));
        expect(claims.nonce).toBe(request.nonce);
        expect(claims.ath).toBe(request.accessToken === undefined ? undefined : createHash("sha256").update(request.accessToken).digest("base64url"));
        expect(claims.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(jtis.has(claims.jti)).toBe(false);
        jtis.add(claims.jti);
      }),
      fuzzParameters,
    );
  });

  it("every proof verifies with the key in its own header, whose thumbprint is the key's jkt", async () => {
    const key = await dpopKeyOf(await generateDpopKeyPair());
    const publicKey = createPublicKey({ key: { ...key.jwk } as NodeJsonWebKey, format: "jwk" });
    await fc.assert(
      fc.asyncProperty(input, async (request) => {
        const proof = await createProof(key, request);
        const [header, payload, signature] = proof.split(".") as [string, string, string];
        const valid = verify("sha256", Buffer.from(`${header}.${payload}`), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
        expect(valid).toBe(true);
        expect(await calculateJwkThumbprint(decodeProtectedHeader(proof).jwk ?? {}, "sha256")).toBe(key.jkt);
        expect(decodeJwt(proof)).toEqual(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
      }),
      fuzzParameters,
    );
  });
});
