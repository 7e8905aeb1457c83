// startGlewlwyd's non-default options on one instance: issuer host `localhost`, refresh token rotation,
// access token lifetime, separate post-logout redirect URIs.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLEWLWYD_CATALOGUE as C, glewlwydPages, startGlewlwyd, type GlewlwydIdp } from "../support/glewlwyd";
import { authorizeUrl, createPkce, exchangeCode, tokenRequest, type TokenResult } from "../support/rawOAuth";
import { createUserAgent, UserAgentError } from "../support/userAgent";

const APP_ORIGIN = "http://127.0.0.1:5174";
const REDIRECT_URI = `${APP_ORIGIN}/callback`;
const LOGGED_OUT_URI = `${APP_ORIGIN}/logged-out`;

let idp: GlewlwydIdp;
const ua = createUserAgent({ pages: glewlwydPages });
let tokens: TokenResult;

beforeAll(async () => {
  idp = await startGlewlwyd({
    redirectUris: [REDIRECT_URI],
    postLogoutRedirectUris: [LOGGED_OUT_URI],
    host: "localhost",
    refreshTokenRotation: true,
    accessTokenTtlSeconds: 60,
  });
  tokens = await logIn();
});

afterAll(async () => {
  await idp?.close();
});

async function logIn(): Promise<TokenResult> {
  const user = idp.users[0]!;
  const pkce = createPkce();
  const url = authorizeUrl(idp.issuer, {
    clientId: C.loginClientId,
    redirectUri: REDIRECT_URI,
    scope: C.loginScope,
    pkce,
    nonce: randomBytes(8).toString("hex"),
  });
  const callback = await ua.authorize(url, { login: user.username, password: user.password });
  return exchangeCode(idp.issuer, callback, { clientId: C.loginClientId, redirectUri: REDIRECT_URI, pkce });
}

const refresh = (refreshToken: string | undefined) =>
  tokenRequest(idp.issuer, { grant_type: "refresh_token", client_id: C.loginClientId, refresh_token: refreshToken });

describe("startGlewlwyd options", () => {
  it("puts host 'localhost' in the issuer and every advertised URL, while listening on 127.0.0.1", () => {
    expect(idp.issuer).toBe(`http://localhost:${idp.port}/api/${C.pluginName}`);
    expect(idp.origin).toBe(`http://localhost:${idp.port}`);
    expect(idp.discovery).toMatchObject({ issuer: idp.issuer, token_endpoint: `${idp.issuer}/token` });
  });

  it("issues access tokens for accessTokenTtlSeconds", () => {
    expect(tokens.status).toBe(200);
    expect(tokens.body.expires_in).toBe(60);
  });

  it("rotates refresh tokens (refresh-token-one-use: always): a new one per refresh, the used one refused", async () => {
    const first = await refresh(tokens.body.refresh_token);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toBeTruthy();
    expect(first.body.refresh_token).not.toBe(tokens.body.refresh_token);
    const second = await refresh(first.body.refresh_token);
    expect(second.status).toBe(200);
    // A refused refresh token gets 400 with an empty body: no `error` to read.
    const replay = await refresh(first.body.refresh_token);
    expect(replay).toEqual({ status: 400, body: {} });
    // The replay counts as theft: the newest token of the chain is revoked too.
    expect(await refresh(second.body.refresh_token)).toEqual({ status: 400, body: {} });
  });

  it("returns to a post-logout redirect URI of its own, and no other", async () => {
    const endSession = (postLogout: string, idToken: string | undefined) => {
      const url = new URL(String(idp.discovery.end_session_endpoint));
      url.searchParams.set("id_token_hint", idToken ?? "");
      url.searchParams.set("post_logout_redirect_uri", postLogout);
      url.searchParams.set("state", "out");
      return url.href;
    };
    // The redirect URI is not a post-logout URI here: Glewlwyd keeps the user on its own page.
    await expect(ua.endSession(endSession(REDIRECT_URI, tokens.body.id_token))).rejects.toSatisfy(
      (error: unknown) => error instanceof UserAgentError && error.code === "unexpected_response",
    );
    const again = await logIn();
    expect(await ua.endSession(endSession(LOGGED_OUT_URI, again.body.id_token))).toBe(`${LOGGED_OUT_URI}?state=out`);
  });

  it("exposes the admin API logged in as admin", async () => {
    const clients = await idp.adminApi.get<{ client_id: string }[]>("/client/");
    expect(clients.map((client) => client.client_id).sort()).toEqual([...C.clientIds].sort());
  });
});
