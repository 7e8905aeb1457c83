// @vitest-environment node
import { createHash } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { createProof, dpopKeyOf, generateDpopKeyPair, htmOf, htuOf } from "../../../../src/core/dpop/proof";
import { jwkThumbprint } from "../../../../src/core/dpop/thumbprint";

// RFC 7638 §3.1: the example RSA key and its thumbprint.
const RFC7638_KEY = {
  kty: "RSA",
  n:
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn" +
    "64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbIS" +
    "D08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
  e: "AQAB",
  alg: "RS256",
  kid: "2011-04-29",
};

describe("JWK thumbprint (RFC 7638)", () => {
  it("gives the RFC's example key its thumbprint, ignoring the optional members", async () => {
    expect(await jwkThumbprint(RFC7638_KEY)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });

  it("agrees with jose for fresh P-256 keys", async () => {
    for (let i = 0; i < 5; i++) {
      const key = await dpopKeyOf(await generateDpopKeyPair());
      expect(key.jkt).toBe(await calculateJwkThumbprint(key.jwk, "sha256"));
    }
  });

  it("refuses a key type it has no members for, or a member that is not a string", async () => {
    expect(() => jwkThumbprint({ kty: "oct" })).toThrow(TypeError);
    expect(() => jwkThumbprint({ kty: "EC", crv: "P-256", x: 1, y: "a" } as never)).toThrow(TypeError);
  });
});

describe("DPoP key pair", () => {
  it("is ES256 and its private key cannot be exported", async () => {
    const pair = await generateDpopKeyPair();
    expect(pair.privateKey.extractable).toBe(false);
    expect(pair.privateKey.algorithm).toMatchObject({ name: "ECDSA", namedCurve: "P-256" });
    await expect(crypto.subtle.exportKey("jwk", pair.privateKey)).rejects.toThrow();
    await expect(crypto.subtle.exportKey("pkcs8", pair.privateKey)).rejects.toThrow();
  });
});

describe("DPoP proof (RFC 9449 §4)", () => {
  it("is a dpop+jwt signed with the key in its jwk header, with htm, htu without query and fragment, iat, jti", async () => {
    const key = await dpopKeyOf(await generateDpopKeyPair());
    const nowMs = Date.now();
    const proof = await createProof(key, { method: "post", url: "https://idp.example/token?x=1#frag", nowMs });
    const header = decodeProtectedHeader(proof);
    expect(header).toEqual({ typ: "dpop+jwt", alg: "ES256", jwk: key.jwk });
    expect(header.jwk).not.toHaveProperty("d");
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256"] });
    expect(payload).toEqual({ jti: expect.any(String), htm: "POST", htu: "https://idp.example/token", iat: Math.floor(nowMs / 1000) });
    expect(String(payload.jti).length).toBeGreaterThanOrEqual(22);
  });

  it("carries ath = base64url(SHA-256(access token)) and the nonce when given", async () => {
    const key = await dpopKeyOf(await generateDpopKeyPair());
    const token = "eyJ.access.token";
    const proof = await createProof(key, { method: "GET", url: "https://api.example/items", nowMs: 0, accessToken: token, nonce: "n-1" });
    const { payload } = await jwtVerify(proof, EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256"], currentDate: new Date(0) });
    expect(payload.ath).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(payload.nonce).toBe("n-1");
  });

  it("gives every proof its own jti", async () => {
    const key = await dpopKeyOf(await generateDpopKeyPair());
    const jtis = new Set<unknown>();
    for (let i = 0; i < 50; i++) {
      const { payload } = await jwtVerify(await createProof(key, { method: "GET", url: "https://api.example/", nowMs: Date.now() }), EmbeddedJWK);
      jtis.add(payload.jti);
    }
    expect(jtis.size).toBe(50);
  });

  it("normalises methods as fetch does and refuses what is not a method or an http(s) URL", () => {
    expect(htmOf("get")).toBe("GET");
    expect(htmOf("patch")).toBe("patch");
    expect(() => htmOf("GE T")).toThrow(TypeError);
    expect(htuOf("HTTPS://API.example:443/a/../b?q#f")).toBe("https://api.example/b");
    expect(() => htuOf("javascript:alert(1)")).toThrow(TypeError);
    expect(() => htuOf("/relative")).toThrow(TypeError);
  });
});
