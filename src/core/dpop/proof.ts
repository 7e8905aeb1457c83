import { base64url, base64urlJson, sha256 } from "./encoding.js";
import { jwkThumbprint } from "./thumbprint.js";

/** The public half of a DPoP key as a JWK (P-256). */
export interface DpopPublicJwk {
  kty: "EC";
  crv: "P-256";
  x: string;
  y: string;
}

/** A key pair ready to sign proofs, with what every proof repeats computed once. */
export interface DpopKey {
  /** Non-extractable: signs, never leaves. */
  readonly privateKey: CryptoKey;
  readonly jwk: DpopPublicJwk;
  /** RFC 7638 thumbprint of `jwk`: `dpop_jkt`, and the `cnf.jkt` of the tokens bound to this key. */
  readonly jkt: string;
  /** The encoded protected header (`typ`, `alg`, `jwk`), the same for every proof of this key. */
  readonly header: string;
}

/** The claims of one DPoP proof (RFC 9449 §4.2). */
export interface DpopProofClaims {
  /** Unique per proof, so a server can refuse a replay. */
  jti: string;
  /** HTTP method of the request. */
  htm: string;
  /** URL of the request without query and fragment. */
  htu: string;
  /** Seconds since the epoch. */
  iat: number;
  /** The server's `DPoP-Nonce`, when it asked for one. */
  nonce?: string;
  /** base64url SHA-256 of the access token sent with the proof (resource requests only). */
  ath?: string;
}

/** What one proof is for. */
export interface ProofInput {
  method: string;
  url: string;
  /** The clock, ms since the epoch. */
  nowMs: number;
  nonce?: string | undefined;
  accessToken?: string | undefined;
}

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGNATURE = { name: "ECDSA", hash: "SHA-256" } as const;
// The methods `fetch` upper-cases itself; any other keeps its spelling, and htm must match what is sent.
const NORMALISED = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);

/** A new ES256 key pair whose private key cannot be exported. */
export async function generateDpopKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ALGORITHM, false, ["sign", "verify"]);
}

/** The signing view of `pair`: its public JWK (a public key is always exportable), thumbprint and header. */
export async function dpopKeyOf(pair: CryptoKeyPair): Promise<DpopKey> {
  const { x, y } = await crypto.subtle.exportKey("jwk", pair.publicKey);
  if (typeof x !== "string" || typeof y !== "string") throw new TypeError("The DPoP public key is not a P-256 key.");
  const jwk: DpopPublicJwk = { kty: "EC", crv: "P-256", x, y };
  return {
    privateKey: pair.privateKey,
    jwk,
    jkt: await jwkThumbprint(jwk),
    header: base64urlJson({ typ: "dpop+jwt", alg: "ES256", jwk }),
  };
}

/** `url` as `htu`: absolute, without query and fragment (RFC 9449 §4.2). Throws `TypeError` for anything but http(s). */
export function htuOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new TypeError(`${parsed.protocol} is not an HTTP URL.`);
  parsed.search = "";
  parsed.hash = "";
  return parsed.href;
}

/** `method` as `fetch` sends it: the standard methods upper-cased, any other unchanged. Throws `TypeError` for a non-token. */
export function htmOf(method: string): string {
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(method)) throw new TypeError(`${JSON.stringify(method)} is not an HTTP method.`);
  const upper = method.toUpperCase();
  return NORMALISED.has(upper) ? upper : method;
}

/** A fresh `jti`: 128 random bits. */
export function newJti(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** The claims of a proof for `input`; `ath` when an access token goes with it. */
export async function proofClaims(input: ProofInput): Promise<DpopProofClaims> {
  const claims: DpopProofClaims = { jti: newJti(), htm: htmOf(input.method), htu: htuOf(input.url), iat: Math.floor(input.nowMs / 1000) };
  if (input.nonce !== undefined) claims.nonce = input.nonce;
  if (input.accessToken !== undefined) claims.ath = await sha256(input.accessToken);
  return claims;
}

/** The compact JWS of `claims` signed with `key` (ES256: the raw r‖s signature WebCrypto returns is what JWS wants). */
export async function signProof(key: DpopKey, claims: DpopProofClaims): Promise<string> {
  const input = `${key.header}.${base64urlJson(claims)}`;
  const signature = await crypto.subtle.sign(SIGNATURE, key.privateKey, new TextEncoder().encode(input));
  return `${input}.${base64url(new Uint8Array(signature))}`;
}

/** A DPoP proof JWT for one request. */
export async function createProof(key: DpopKey, input: ProofInput): Promise<string> {
  return signProof(key, await proofClaims(input));
}
