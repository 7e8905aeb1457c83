// Raw conformance smoke test of Glewlwyd 2.7.5 (Debian) as configured by test/support/glewlwyd: plain
// fetch and the browserless user agent, no kit. It pins the protocol behaviour the kit must cope with,
// including the exact refusals Glewlwyd gives.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLEWLWYD_CATALOGUE as C, glewlwydPages, startGlewlwyd, type GlewlwydIdp } from "../support/glewlwyd";
import { authorizeUrl, callbackParam, createPkce, decodeToken, exchangeCode, tokenRequest, type TokenResult } from "../support/rawOAuth";
import { createUserAgent, UserAgentError, type UserAgent } from "../support/userAgent";

const APP_ORIGIN = "http://127.0.0.1:5173";
const REDIRECT_URI = `${APP_ORIGIN}/`;
const FILES = C.resources.files;
const TODOS = C.dedicated.todos;

/** Glewlwyd's exact refusals (error / error_description), as it sends them. */
const REFUSAL = {
  nonceMissing: { error: "invalid_request", error_description: "nonce required" },
  /** prompt=none without id_token_hint, or for a client Glewlwyd never issued an ID token to. */
  idTokenHintMissing: { error: "invalid_request", error_description: "id_token mandatory" },
  /** prompt=none whose id_token_hint is not the last ID token issued to that client. */
  idTokenHintNotLast: { error: "invalid_request", error_description: "id_token invalid" },
  /** prompt=none without a Glewlwyd session: no description. */
  noSession: { error: "interaction_required", error_description: null },
  /** Token request for a resource the plugin does not map. */
  invalidResource: { error: "invalid_target", error_description: "Invalid Resource" },
} as const;

let idp: GlewlwydIdp;
let ua: UserAgent;
/** alice's login on the login client. */
let login: { tokens: TokenResult; nonce: string };

const user = () => C.users[0]!;
const newNonce = () => randomBytes(12).toString("base64url");

/** Authorize `clientId` through the user agent (logging in on Glewlwyd's page if needed); the callback URL. */
async function authorize(
  clientId: string,
  scope: string,
  params: { nonce?: string; prompt?: string; idTokenHint?: string; state?: string; resource?: string[] } = {},
) {
  const pkce = createPkce();
  const url = authorizeUrl(idp.issuer, { clientId, redirectUri: REDIRECT_URI, scope, pkce, ...params });
  const callback = await ua.authorize(url, {
    login: user().username,
    password: user().password,
    noInteraction: params.prompt === "none",
  });
  return { callback, pkce };
}

/** A full code flow with a nonce: the token response and the nonce sent. */
async function logIn(clientId: string, scope: string, extra: { resource?: string[]; tokenResource?: string } = {}) {
  const nonce = newNonce();
  const { callback, pkce } = await authorize(clientId, scope, { nonce, resource: extra.resource });
  expect(callbackParam(callback, "error")).toBeNull();
  const tokens = await exchangeCode(idp.issuer, callback, { clientId, redirectUri: REDIRECT_URI, pkce, resource: extra.tokenResource });
  expect(tokens.status).toBe(200);
  return { tokens, nonce };
}

function refresh(refreshToken: string | undefined, params: { scope?: string; resource?: string } = {}) {
  return tokenRequest(idp.issuer, { grant_type: "refresh_token", client_id: C.loginClientId, refresh_token: refreshToken, ...params }, APP_ORIGIN);
}

function refusal(callback: string) {
  return { error: callbackParam(callback, "error"), error_description: callbackParam(callback, "error_description") };
}

beforeAll(async () => {
  idp = await startGlewlwyd({ redirectUris: [REDIRECT_URI] });
  ua = createUserAgent({ pages: glewlwydPages });
});

afterAll(async () => {
  await idp?.close();
});

describe("Glewlwyd as configured for the tests", () => {
  it("advertises its issuer and endpoints under /api/oidc, without the Debian '//api' double slash", async () => {
    expect(idp.issuer).toBe(`http://127.0.0.1:${idp.port}/api/${C.pluginName}`);
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      authorization_endpoint: `${idp.issuer}/auth`,
      token_endpoint: `${idp.issuer}/token`,
      jwks_uri: `${idp.issuer}/jwks`,
      end_session_endpoint: `${idp.issuer}/end_session`,
      code_challenge_methods_supported: ["S256"],
    });
    expect(discovery.id_token_signing_alg_values_supported).toContain("RS256");
    expect(JSON.stringify(discovery)).not.toContain("//api");
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: { kty: string }[] };
    expect(jwks.keys.map((key) => key.kty)).toEqual(["RSA"]);
  });

  it("answers prompt=none before any login with interaction_required (not login_required)", async () => {
    const { callback } = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce(), prompt: "none", state: "s0" });
    expect(callback.startsWith(REDIRECT_URI)).toBe(true);
    expect(refusal(callback)).toEqual(REFUSAL.noSession);
    expect(callbackParam(callback, "state")).toBe("s0");
  });

  it("refuses a code request for openid without nonce: invalid_request 'nonce required'", async () => {
    // This walk logs alice in on Glewlwyd's login page first; the refusal comes after "Continue".
    const { callback } = await authorize(C.loginClientId, C.loginScope, { state: "s1" });
    expect(refusal(callback)).toEqual(REFUSAL.nonceMissing);
    expect(callbackParam(callback, "state")).toBe("s1");
    expect(ua.cookieNames("127.0.0.1")).toContain("GLEWLWYD2_SESSION_ID");
  });

  it("issues tokens for code + PKCE + nonce; the ID token echoes the nonce", async () => {
    login = await logIn(C.loginClientId, C.loginScope);
    const { body } = login.tokens;
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 300, scope: C.loginScope });
    expect(body.refresh_token).toBeTruthy();
    const id = decodeToken(body.id_token);
    expect(id).toMatchObject({ alg: "RS256", iss: idp.issuer, aud: C.loginClientId, azp: C.loginClientId, nonce: login.nonce });
    expect(id?.sid).toBeTruthy();
    // Without a resource, Glewlwyd puts the granted scope string in the access token's `aud`.
    expect(decodeToken(body.access_token)).toMatchObject({ alg: "RS256", typ: "at+jwt", aud: C.loginScope, client_id: C.loginClientId });
  });

  it("refuses the code exchange without the PKCE verifier: 403 invalid_code", async () => {
    const { callback } = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce() });
    const code = callbackParam(callback, "code") ?? "";
    const result = await tokenRequest(idp.issuer, { grant_type: "authorization_code", client_id: C.loginClientId, redirect_uri: REDIRECT_URI, code });
    // Not RFC 6749's 400 invalid_grant: Glewlwyd answers 403 with its own error code.
    expect(result).toEqual({ status: 403, body: { error: "invalid_code" } });
  });

  it("refreshes without a new refresh_token (refresh-token-one-use: never), and the refresh token stays usable", async () => {
    const first = await refresh(login.tokens.body.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.access_token).toBeTruthy();
    expect(first.body).not.toHaveProperty("refresh_token");
    expect(first.body).not.toHaveProperty("id_token");
    const second = await refresh(login.tokens.body.refresh_token);
    expect(second.status).toBe(200);
  });

  it("refuses an unknown refresh token with 400 and an empty body (no error code)", async () => {
    expect(await refresh("not-a-refresh-token")).toEqual({ status: 400, body: {} });
  });

  it("ignores a narrower scope on refresh", async () => {
    const narrowed = await refresh(login.tokens.body.refresh_token, { scope: "openid" });
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe(C.loginScope);
  });

  it("issues an access token for the login client's resource with aud = the resource, and refuses others", async () => {
    const resourceLogin = await logIn(C.loginClientId, C.loginScope, { resource: [FILES.resource], tokenResource: FILES.resource });
    expect(decodeToken(resourceLogin.tokens.body.access_token)?.aud).toBe(FILES.resource);
    const other = await refresh(resourceLogin.tokens.body.refresh_token, { resource: "https://other.example" });
    expect(other.status).toBe(400);
    expect({ error: other.body.error, error_description: other.body.error_description }).toEqual(REFUSAL.invalidResource);
    // That login issued the client's newest ID token: keep it as the hint for the silent tests.
    login = resourceLogin;
  });

  it("answers prompt=none without id_token_hint with invalid_request 'id_token mandatory'", async () => {
    const { callback } = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce(), prompt: "none" });
    expect(refusal(callback)).toEqual(REFUSAL.idTokenHintMissing);
  });

  it("authorizes prompt=none with the client's last ID token as id_token_hint", async () => {
    const nonce = newNonce();
    const { callback, pkce } = await authorize(C.loginClientId, C.loginScope, { nonce, prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(callbackParam(callback, "error")).toBeNull();
    const silent = await exchangeCode(idp.issuer, callback, { clientId: C.loginClientId, redirectUri: REDIRECT_URI, pkce });
    expect(silent.status).toBe(200);
    expect(decodeToken(silent.body.id_token)?.nonce).toBe(nonce);
    // The silent login issued a newer ID token: the old one no longer works as a hint.
    const stale = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce(), prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(refusal(stale.callback)).toEqual(REFUSAL.idTokenHintNotLast);
    login = { tokens: silent, nonce };
  });

  it("cannot authorize a dedicated client silently with the login client's ID token", async () => {
    // Never issued an ID token to app-todos: 'id_token mandatory' even with a (valid, foreign) hint.
    const first = await authorize(TODOS.clientId, TODOS.scope, { nonce: newNonce(), prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(refusal(first.callback)).toEqual(REFUSAL.idTokenHintMissing);
    // After an interactive login of app-todos, its own ID token works and the login client's does not.
    const todos = await logIn(TODOS.clientId, TODOS.scope);
    expect(decodeToken(todos.tokens.body.access_token)).toMatchObject({ client_id: TODOS.clientId, aud: TODOS.scope });
    const foreign = await authorize(TODOS.clientId, TODOS.scope, { nonce: newNonce(), prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(refusal(foreign.callback)).toEqual(REFUSAL.idTokenHintNotLast);
    const own = await authorize(TODOS.clientId, TODOS.scope, { nonce: newNonce(), prompt: "none", idTokenHint: todos.tokens.body.id_token });
    expect(callbackParam(own.callback, "code")).toBeTruthy();
  });

  it("end_session without state closes the session but stays on Glewlwyd's page", async () => {
    const url = new URL(String(idp.discovery.end_session_endpoint));
    url.searchParams.set("id_token_hint", login.tokens.body.id_token ?? "");
    url.searchParams.set("post_logout_redirect_uri", REDIRECT_URI);
    const error = await ua.endSession(url.href).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserAgentError);
    expect(error).toMatchObject({ code: "unexpected_response" });
    expect((error as UserAgentError).url).toContain("prompt=end_session");
    const { callback } = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce(), prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(refusal(callback)).toEqual(REFUSAL.noSession);
  });

  it("end_session with state returns to the post-logout redirect URI with that state", async () => {
    login = await logIn(C.loginClientId, C.loginScope);
    const url = new URL(String(idp.discovery.end_session_endpoint));
    url.searchParams.set("id_token_hint", login.tokens.body.id_token ?? "");
    url.searchParams.set("post_logout_redirect_uri", REDIRECT_URI);
    url.searchParams.set("state", "bye");
    expect(await ua.endSession(url.href)).toBe(`${REDIRECT_URI}?state=bye`);
    // The Glewlwyd session is gone: silent requests need a login again.
    const { callback } = await authorize(C.loginClientId, C.loginScope, { nonce: newNonce(), prompt: "none", idTokenHint: login.tokens.body.id_token });
    expect(refusal(callback)).toEqual(REFUSAL.noSession);
  });

  it("shows its login page to an interactive request without a session: a request that may not interact stops there", async () => {
    const url = authorizeUrl(idp.issuer, { clientId: C.loginClientId, redirectUri: REDIRECT_URI, scope: C.loginScope, pkce: createPkce(), nonce: newNonce() });
    const error = await ua.authorize(url, { noInteraction: true }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "interaction_required" });
    expect(new URL((error as UserAgentError).url).pathname).toBe("/login.html");
  });

  it("answers an unregistered redirect URI with a bare 403, not a redirect", async () => {
    const url = authorizeUrl(idp.issuer, { clientId: C.loginClientId, redirectUri: `${APP_ORIGIN}/elsewhere`, scope: C.loginScope, pkce: createPkce(), nonce: newNonce() });
    const error = await ua.authorize(url).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "idp_error" });
    expect((error as Error).message).toContain("403");
  });
});
