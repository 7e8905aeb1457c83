import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE as C, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import {
  authorizeUrl,
  callbackParam,
  createPkce,
  decodeToken,
  exchangeCode,
  logInOnLoginClient,
  tokenRequest,
  type TokenResult,
} from "../support/rawOAuth";
import { createUserAgent, UserAgentError, type UserAgent } from "../support/userAgent";

const APP_ORIGIN = "http://127.0.0.1:5173";
const REDIRECT_URI = `${APP_ORIGIN}/`;
const OTHER_ORIGIN = "http://127.0.0.1:6543";

let idp: DevIdp;
let ua: UserAgent;
/** Tokens of alice's interactive login on the login client. */
let login: TokenResult;

const logIn = (agent: UserAgent, name: string): Promise<TokenResult> => logInOnLoginClient(idp.issuer, agent, name, REDIRECT_URI);

async function silent(clientId: string, scope: string, extra: { audience?: string } = {}) {
  const pkce = createPkce();
  const callback = await ua.authorize(
    authorizeUrl(idp.issuer, { clientId, redirectUri: REDIRECT_URI, scope, pkce, prompt: "none", ...extra }),
    { noInteraction: true },
  );
  return { callback, pkce };
}

function refresh(refreshToken: string | undefined, params: { resource?: string; scope?: string; clientId?: string } = {}) {
  return tokenRequest(idp.issuer, {
    grant_type: "refresh_token",
    client_id: params.clientId ?? C.loginClientId,
    refresh_token: refreshToken,
    resource: params.resource,
    scope: params.scope,
  });
}

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [REDIRECT_URI] });
  ua = createUserAgent();
});

afterAll(async () => {
  await idp?.close();
});

describe("dev IdP", () => {
  it("answers prompt=none before any login with login_required, without showing a form", async () => {
    const { callback } = await silent(C.dedicated.vault.clientId, "openid");
    expect(callback.startsWith(REDIRECT_URI)).toBe(true);
    expect(callbackParam(callback, "error")).toBe("login_required");
    expect(idp.requests.at(-1)).toMatchObject({ path: "/auth", prompt: "none", status: 303, error: "login_required" });
  });

  it("logs in on the login client with both resources and the notes scope", async () => {
    idp.resetRequests();
    login = await logIn(ua, "alice");
    expect(login.status).toBe(200);
    expect(login.body.refresh_token).toBeTruthy();
    // Several resources granted and none asked for: the access token is the opaque userinfo token.
    expect(decodeToken(login.body.access_token)).toBeUndefined();
    const id = decodeToken(login.body.id_token);
    expect(id).toMatchObject({ sub: "alice", name: "Alice", email: "alice@example.test", groups: ["staff"], aud: "myapp" });
    expect(id?.iss).toBe(idp.issuer);

    const authorize = idp.requests.filter((r) => r.path === "/auth");
    expect(authorize).toHaveLength(1);
    expect(authorize[0]).toMatchObject({ clientId: "myapp", resource: [...C.loginResources], scope: C.loginAuthorizeScope });
    expect(idp.requests.filter((r) => r.path.startsWith("/auth/"))).toHaveLength(1);
    expect(idp.requests.filter((r) => r.path === "/token")).toEqual([
      expect.objectContaining({ method: "POST", clientId: "myapp", grantType: "authorization_code", status: 200 }),
    ]);
    expect(idp.serverErrors).toEqual([]);
  });

  it("refreshes with one resource into a JWT for exactly that resource", async () => {
    const files = await refresh(login.body.refresh_token, { resource: C.resources.files.resource });
    expect(files.status).toBe(200);
    const at = decodeToken(files.body.access_token);
    expect(at).toMatchObject({
      alg: "ES256",
      typ: "at+jwt",
      iss: idp.issuer,
      aud: "https://files.example",
      sub: "alice",
      client_id: "myapp",
      scope: "files:read files:write",
      groups: ["staff"],
    });
    expect(files.body.refresh_token).not.toBe(login.body.refresh_token);

    const reports = await refresh(files.body.refresh_token, { resource: C.resources.reports.resource });
    expect(decodeToken(reports.body.access_token)).toMatchObject({ aud: "https://reports.example", scope: "reports:read" });
    login = reports;
    expect(idp.requests.at(-1)).toMatchObject({ path: "/token", grantType: "refresh_token", resource: ["https://reports.example"] });
  });

  it("refreshes with scope=openid notes and no resource into a JWT for the notes audience", async () => {
    const notes = await refresh(login.body.refresh_token, { scope: C.scopes.notes.scope });
    expect(notes.status).toBe(200);
    const at = decodeToken(notes.body.access_token);
    expect(at?.aud).toBe(C.scopes.notes.audience);
    expect(at?.scope?.split(" ")).toContain("notes");
    expect(idp.requests.at(-1)).toMatchObject({ grantType: "refresh_token", scope: "openid notes" });
    expect(idp.requests.at(-1)?.resource).toBeUndefined();
    login = notes;
  });

  it("rejects a resource the login request did not name with invalid_target", async () => {
    const result = await refresh(login.body.refresh_token, { resource: "https://unknown.example" });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("invalid_target");
  });

  it("gives every dedicated client a JWT with its audience through prompt=none after the login", async () => {
    idp.resetRequests();
    for (const api of Object.values(C.dedicated)) {
      const { callback, pkce } = await silent(api.clientId, "openid");
      const tokens = await exchangeCode(idp.issuer, callback, { clientId: api.clientId, redirectUri: REDIRECT_URI, pkce });
      expect(tokens.status).toBe(200);
      const at = decodeToken(tokens.body.access_token);
      expect(at).toMatchObject({ aud: api.audience, sub: "alice", client_id: api.clientId, groups: ["staff"], typ: "at+jwt" });
      // Keycloak-style default client scope: the API scope comes even when only openid was asked for.
      expect(at?.scope).toBe(api.scope.replace("openid ", ""));
      const renewed = await refresh(tokens.body.refresh_token, { clientId: api.clientId });
      expect(decodeToken(renewed.body.access_token)?.aud).toBe(api.audience);
    }
    // One authorize, one code exchange and one refresh per client: no hidden round trips.
    expect(idp.requests.map((r) => `${r.method} ${r.path} ${r.clientId} ${r.status}`)).toEqual(
      Object.values(C.dedicated).flatMap((api) => [
        `GET /auth ${api.clientId} 303`,
        `POST /token ${api.clientId} 200`,
        `POST /token ${api.clientId} 200`,
      ]),
    );
  });

  it("maps an Auth0-style audience= on the login client onto that API at code exchange", async () => {
    const { callback, pkce } = await silent(C.loginClientId, "openid reports:read", { audience: C.resources.reports.audience });
    const tokens = await exchangeCode(idp.issuer, callback, { clientId: C.loginClientId, redirectUri: REDIRECT_URI, pkce });
    expect(tokens.status).toBe(200);
    expect(decodeToken(tokens.body.access_token)).toMatchObject({ aud: "https://reports.example", scope: "reports:read" });
    expect(idp.requests.findLast((r) => r.path === "/auth")).toMatchObject({ audience: "https://reports.example", prompt: "none" });
  });

  it("refuses an unknown audience with invalid_target", async () => {
    const { callback } = await silent(C.loginClientId, "openid", { audience: "https://nobody.example" });
    expect(callbackParam(callback, "error")).toBe("invalid_target");
  });

  it("rotates refresh tokens: reusing a rotated one is invalid_grant", async () => {
    const agent = createUserAgent();
    const first = await logIn(agent, "guest7");
    expect(decodeToken(first.body.id_token)).toMatchObject({ sub: "guest7", groups: [] });
    const second = await refresh(first.body.refresh_token, { resource: C.resources.files.resource });
    expect(second.status).toBe(200);
    expect(decodeToken(second.body.access_token)?.groups).toEqual([]);
    const reused = await refresh(first.body.refresh_token, { resource: C.resources.files.resource });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("invalid_grant");
    expect(idp.requests.at(-1)).toMatchObject({ path: "/token", status: 400, error: "invalid_grant" });
    // Reuse looks like theft: oidc-provider revokes the whole grant, so even the newest token is dead.
    expect((await refresh(second.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("revokes a refresh token at the revocation endpoint", async () => {
    const tokens = await logIn(createUserAgent(), "carol");
    const response = await fetch(`${idp.issuer}/token/revocation`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ client_id: "myapp", token: tokens.body.refresh_token ?? "", token_type_hint: "refresh_token" }),
    });
    expect(response.status).toBe(200);
    expect((await refresh(tokens.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("answers CORS for the app's origin on the token endpoint and refuses other origins", async () => {
    const preflight = await fetch(`${idp.issuer}/token`, {
      method: "OPTIONS",
      headers: { origin: APP_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);

    const allowed = await tokenRequest(idp.issuer, { grant_type: "refresh_token", client_id: "myapp", refresh_token: "nope" }, APP_ORIGIN);
    expect(allowed.body.error).toBe("invalid_grant");
    const refused = await tokenRequest(idp.issuer, { grant_type: "refresh_token", client_id: "myapp", refresh_token: "nope" }, OTHER_ORIGIN);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_request");
  });

  it("logs out without a click through end_session and ends the session", async () => {
    idp.resetRequests();
    const url = new URL(`${idp.issuer}/session/end`);
    url.searchParams.set("id_token_hint", login.body.id_token ?? "");
    url.searchParams.set("post_logout_redirect_uri", REDIRECT_URI);
    url.searchParams.set("state", "bye");
    const landed = await ua.endSession(url.href);
    expect(landed).toBe(`${REDIRECT_URI}?state=bye`);
    expect(idp.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      "GET /session/end 200",
      "POST /session/end/confirm 303",
    ]);

    const { callback } = await silent(C.loginClientId, "openid");
    expect(callbackParam(callback, "error")).toBe("login_required");
    // Logout revoked the grant: its refresh tokens are dead too.
    expect((await refresh(login.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("refuses to interact when the user agent may not (a hidden iframe)", async () => {
    const pkce = createPkce();
    const url = authorizeUrl(idp.issuer, { clientId: "myapp", redirectUri: REDIRECT_URI, scope: "openid", pkce });
    await expect(ua.authorize(url, { noInteraction: true })).rejects.toMatchObject({ code: "interaction_required" });
    await expect(ua.authorize(url, { noInteraction: true })).rejects.toBeInstanceOf(UserAgentError);
  });
});

describe("dev IdP on localhost (cross-site with an app on 127.0.0.1)", () => {
  it("uses localhost in the issuer and still serves logins on it", async () => {
    const cross = await startDevIdp({ issuerHost: "localhost", redirectUris: [REDIRECT_URI] });
    try {
      expect(cross.issuer).toBe(`http://localhost:${cross.port}`);
      const discovery = (await (await fetch(`${cross.issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(cross.issuer);
      const agent = createUserAgent();
      const pkce = createPkce();
      const callback = await agent.authorize(
        authorizeUrl(cross.issuer, { clientId: "myapp", redirectUri: REDIRECT_URI, scope: "openid", pkce }),
      );
      expect(callbackParam(callback, "code")).toBeTruthy();
      expect(agent.cookieNames("localhost")).toContain("_session");
      // A cross-site iframe carries no cookie: the session is invisible to it.
      const anonymous = await agent.authorize(
        authorizeUrl(cross.issuer, { clientId: "myapp", redirectUri: REDIRECT_URI, scope: "openid", pkce, prompt: "none" }),
        { anonymous: true },
      );
      expect(callbackParam(anonymous, "error")).toBe("login_required");
    } finally {
      await cross.close();
    }
  });
});
