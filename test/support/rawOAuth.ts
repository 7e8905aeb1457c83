// Hand-rolled OAuth for integration tests of the dev IdP: PKCE, authorization URLs and token requests
// over plain fetch, so the IdP is tested without the library (or oidc-client-ts) in the way.
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { DEV_CATALOGUE } from "../../dev-server/devCatalogue";
import type { UserAgent } from "./userAgent";

/** A PKCE pair (S256). */
export interface Pkce {
  verifier: string;
  challenge: string;
}

/** Make a fresh PKCE verifier and its S256 challenge. */
export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** Parameters of an authorization request. */
export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  scope: string;
  pkce: Pkce;
  state?: string;
  prompt?: string;
  resource?: readonly string[];
  audience?: string;
  /** OIDC `nonce` (Glewlwyd requires one whenever scope has `openid`). */
  nonce?: string;
  /** OIDC `id_token_hint` (Glewlwyd requires one with `prompt=none`). */
  idTokenHint?: string;
}

/** Build an authorization-code + PKCE authorization URL. */
export function authorizeUrl(issuer: string, params: AuthorizeParams): string {
  const url = new URL(`${issuer}/auth`);
  url.searchParams.set("client_id", params.clientId);
  url.searchParams.set("redirect_uri", params.redirectUri);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", params.scope);
  url.searchParams.set("state", params.state ?? randomBytes(8).toString("hex"));
  url.searchParams.set("code_challenge", params.pkce.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  if (params.prompt) url.searchParams.set("prompt", params.prompt);
  if (params.audience) url.searchParams.set("audience", params.audience);
  if (params.nonce) url.searchParams.set("nonce", params.nonce);
  if (params.idTokenHint) url.searchParams.set("id_token_hint", params.idTokenHint);
  for (const resource of params.resource ?? []) url.searchParams.append("resource", resource);
  return url.href;
}

/** A token endpoint answer: the JSON body and the status. */
export interface TokenResult {
  status: number;
  body: {
    access_token?: string;
    refresh_token?: string;
    id_token?: string;
    scope?: string;
    token_type?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
}

/** POST a form to the token endpoint as a public client (optionally with an Origin, as a browser would). */
export async function tokenRequest(
  issuer: string,
  form: Record<string, string | readonly string[] | undefined>,
  origin?: string,
): Promise<TokenResult> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    if (value === undefined) continue;
    for (const v of typeof value === "string" ? [value] : value) body.append(name, v);
  }
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (origin) headers.origin = origin;
  const response = await fetch(`${issuer}/token`, { method: "POST", headers, body });
  // Glewlwyd refuses a bad refresh token with an empty body: report that as `{}`.
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as TokenResult["body"] };
}

/** Exchange the code in `callbackUrl` (checking it carries one) for tokens. */
export async function exchangeCode(
  issuer: string,
  callbackUrl: string,
  params: { clientId: string; redirectUri: string; pkce: Pkce; resource?: string },
): Promise<TokenResult> {
  const code = new URL(callbackUrl).searchParams.get("code");
  if (!code) throw new Error(`No code in ${callbackUrl}`);
  return tokenRequest(issuer, {
    grant_type: "authorization_code",
    client_id: params.clientId,
    redirect_uri: params.redirectUri,
    code,
    code_verifier: params.pkce.verifier,
    resource: params.resource,
  });
}

/** Claims of a JWT access or ID token, with its header's `alg`/`typ`. */
export interface DecodedJwt {
  alg?: string;
  nonce?: string;
  azp?: string;
  sid?: string;
  typ?: string;
  iss?: string;
  sub?: string;
  aud?: string | string[];
  scope?: string;
  client_id?: string;
  groups?: string[];
  name?: string;
  email?: string;
}

/** Decode (not verify) a JWT; undefined when the token is opaque. */
export function decodeToken(token: string | undefined): DecodedJwt | undefined {
  if (!token || token.split(".").length !== 3) return undefined;
  const header = decodeProtectedHeader(token);
  return { ...(decodeJwt(token) as DecodedJwt), alg: header.alg, typ: header.typ };
}

/** The callback URL's query parameter `name`. */
export function callbackParam(callbackUrl: string, name: string): string | null {
  return new URL(callbackUrl).searchParams.get(name);
}

/** Logs `login` in on the dev IdP's login client, asking for every resource and API scope, and redeems the code. */
export async function logInOnLoginClient(issuer: string, agent: UserAgent, login: string, redirectUri: string): Promise<TokenResult> {
  const pkce = createPkce();
  const url = authorizeUrl(issuer, {
    clientId: DEV_CATALOGUE.loginClientId,
    redirectUri,
    scope: DEV_CATALOGUE.loginAuthorizeScope,
    resource: DEV_CATALOGUE.loginResources,
    pkce,
  });
  const callback = await agent.authorize(url, { login });
  return exchangeCode(issuer, callback, { clientId: DEV_CATALOGUE.loginClientId, redirectUri, pkce });
}
