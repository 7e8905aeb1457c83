import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE as C, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { createMemoryAdapter } from "../../dev-server/memoryAdapter";
import { authorizeUrl, callbackParam, createPkce, logInOnLoginClient, tokenRequest, type TokenResult } from "../support/rawOAuth";
import { createUserAgent, type UserAgent } from "../support/userAgent";

const APP_ORIGIN = "http://127.0.0.1:5173";
const REDIRECT_URI = `${APP_ORIGIN}/`;

let idp: DevIdp;

const logIn = (agent: UserAgent, name: string): Promise<TokenResult> => logInOnLoginClient(idp.issuer, agent, name, REDIRECT_URI);

function refresh(refreshToken: string | undefined): Promise<TokenResult> {
  return tokenRequest(idp.issuer, { grant_type: "refresh_token", client_id: C.loginClientId, refresh_token: refreshToken });
}

/** A token request whose answer may not be JSON (a proxy's page). */
function rawRefresh(refreshToken: string, origin?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (origin) headers.origin = origin;
  const body = new URLSearchParams({ grant_type: "refresh_token", client_id: C.loginClientId, refresh_token: refreshToken });
  return fetch(`${idp.issuer}/token`, { method: "POST", headers, body });
}

/** What prompt=none on the login client says for the user agent's session: "code" or the error code. */
async function silentOutcome(agent: UserAgent): Promise<string | null> {
  const url = authorizeUrl(idp.issuer, { clientId: C.loginClientId, redirectUri: REDIRECT_URI, scope: "openid", pkce: createPkce(), prompt: "none" });
  const callback = await agent.authorize(url, { noInteraction: true });
  return callbackParam(callback, "code") ? "code" : callbackParam(callback, "error");
}

function control(body: unknown, contentType = "application/json"): Promise<Response> {
  return fetch(`${idp.issuer}/__faults`, { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify(body) });
}

const tokenLog = () => idp.requests.filter((r) => r.path === "/token");

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [REDIRECT_URI] });
});

afterEach(() => {
  idp.resetFaults();
  idp.resetRequests();
});

afterAll(async () => {
  await idp?.close();
});

describe("dev IdP faults", () => {
  it("starts healthy", () => {
    expect(idp.currentFaults()).toEqual({ reachable: true, latencyMs: 0, refreshTokenRotation: "rotate" });
  });

  it("setReachable(false) drops every connection without an answer, and setReachable(true) brings it back", async () => {
    const discovery = `${idp.issuer}/.well-known/openid-configuration`;
    idp.setReachable(false);
    await expect(fetch(discovery)).rejects.toBeInstanceOf(TypeError);
    await expect(rawRefresh("anything")).rejects.toBeInstanceOf(TypeError);
    expect(idp.requests).toEqual([]);
    idp.setReachable(true);
    expect((await fetch(discovery)).status).toBe(200);
  });

  it("{ status: 500 } answers a JSON server_error and logs the request with its status", async () => {
    const { body: tokens } = await logIn(createUserAgent(), "alice");
    idp.resetRequests();
    idp.setTokenEndpointFailure({ status: 500 });
    const failed = await refresh(tokens.refresh_token);
    expect(failed).toMatchObject({ status: 500, body: { error: "server_error" } });
    expect(tokenLog()).toEqual([
      expect.objectContaining({ method: "POST", clientId: C.loginClientId, grantType: "refresh_token", status: 500, error: "server_error" }),
    ]);
    // oidc-provider never saw it: the refresh token is still unspent.
    idp.setTokenEndpointFailure(undefined);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it("{ status: 503, html: true } answers a proxy's HTML page", async () => {
    idp.setTokenEndpointFailure({ status: 503, html: true });
    const response = await rawRefresh("anything");
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("503 Service Unavailable");
    expect(tokenLog()).toEqual([expect.objectContaining({ status: 503, grantType: "refresh_token" })]);
    expect(tokenLog()[0]?.error).toBeUndefined();
  });

  it("{ status: 429, retryAfterSeconds } sends Retry-After, readable by the app's origin through CORS", async () => {
    idp.setTokenEndpointFailure({ status: 429, retryAfterSeconds: 7 });
    const response = await rawRefresh("anything", APP_ORIGIN);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(response.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(response.headers.get("access-control-expose-headers")).toBe("Retry-After");
    expect(await response.json()).toMatchObject({ error: "temporarily_unavailable" });
    // Another origin gets no CORS grant, as oidc-provider itself would refuse it.
    const foreign = await rawRefresh("anything", "http://127.0.0.1:6543");
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("{ times: 2 } fails the next two token requests only", async () => {
    idp.setTokenEndpointFailure({ status: 502, times: 2 });
    const statuses = await Promise.all([rawRefresh("a"), rawRefresh("b")].map(async (r) => (await r).status));
    expect(statuses).toEqual([502, 502]);
    expect(idp.currentFaults().tokenEndpointFailure).toBeUndefined();
    expect((await refresh("c")).body.error).toBe("invalid_grant");
    expect(tokenLog().map((r) => r.status)).toEqual([502, 502, 400]);
  });

  it("leaves other endpoints alone while /token fails", async () => {
    idp.setTokenEndpointFailure({ status: 500 });
    expect((await fetch(`${idp.issuer}/.well-known/openid-configuration`)).status).toBe(200);
    const preflight = await fetch(`${idp.issuer}/token`, {
      method: "OPTIONS",
      headers: { origin: APP_ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
  });

  it("setLatency(ms) holds every request back that long", async () => {
    idp.setLatency(200);
    const started = performance.now();
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('setRefreshTokenRotation("none"): refresh responses carry no refresh_token and the old one keeps working', async () => {
    const login = await logIn(createUserAgent(), "rita");
    expect(login.body.refresh_token).toBeTruthy();
    idp.setRefreshTokenRotation("none");
    for (let round = 0; round < 3; round++) {
      const renewed = await refresh(login.body.refresh_token);
      expect(renewed.status).toBe(200);
      expect(renewed.body.access_token).toBeTruthy();
      expect(renewed.body).not.toHaveProperty("refresh_token");
    }
    // Rotation back on: the same token is redeemed once more and spent.
    idp.setRefreshTokenRotation("rotate");
    const rotated = await refresh(login.body.refresh_token);
    expect(rotated.body.refresh_token).toBeTruthy();
    expect(rotated.body.refresh_token).not.toBe(login.body.refresh_token);
    expect((await refresh(login.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("endSessions(account) ends that user's IdP session and grants: login_required, invalid_grant; others keep theirs", async () => {
    const amyAgent = createUserAgent();
    const bobAgent = createUserAgent();
    const amy = await logIn(amyAgent, "amy");
    const bob = await logIn(bobAgent, "bob");
    expect(await silentOutcome(amyAgent)).toBe("code");

    expect(idp.endSessions("amy")).toBe(1);
    expect(await silentOutcome(amyAgent)).toBe("login_required");
    expect((await refresh(amy.body.refresh_token)).body.error).toBe("invalid_grant");

    expect(await silentOutcome(bobAgent)).toBe("code");
    expect((await refresh(bob.body.refresh_token)).status).toBe(200);
  });

  it("endSessions() ends everyone's", async () => {
    const agents = [createUserAgent(), createUserAgent()];
    const tokens = [await logIn(agents[0]!, "dora"), await logIn(agents[1]!, "erin")];
    expect(idp.endSessions()).toBeGreaterThanOrEqual(2);
    for (const agent of agents) expect(await silentOutcome(agent)).toBe("login_required");
    for (const t of tokens) expect((await refresh(t.body.refresh_token)).body.error).toBe("invalid_grant");
  });

  it("rejects nonsense with a typed error naming the field", () => {
    expect(() => idp.setLatency(-1)).toThrow(RangeError);
    expect(() => idp.setTokenEndpointFailure({ status: 200 })).toThrow(/status/);
    expect(() => idp.setTokenEndpointFailure({ status: 500, times: 0 })).toThrow(/times/);
    expect(() => idp.setRefreshTokenRotation("sometimes" as "none")).toThrow(TypeError);
    expect(idp.currentFaults()).toEqual({ reachable: true, latencyMs: 0, refreshTokenRotation: "rotate" });
  });
});

describe("dev IdP fault control over HTTP (/__faults)", () => {
  it("flips switches from another process, and answers even while the IdP is unreachable", async () => {
    const set = await control({ reachable: false, tokenEndpointFailure: { status: 503, html: true, times: 1 } });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({
      reachable: false,
      latencyMs: 0,
      refreshTokenRotation: "rotate",
      tokenEndpointFailure: { status: 503, html: true, times: 1 },
    });
    await expect(rawRefresh("x")).rejects.toBeInstanceOf(TypeError);
    expect((await control({ reachable: true })).status).toBe(200);
    expect((await rawRefresh("x")).status).toBe(503);
    expect(await (await fetch(`${idp.issuer}/__faults`)).json()).toEqual({ reachable: true, latencyMs: 0, refreshTokenRotation: "rotate" });
  });

  it("ends sessions and resets", async () => {
    const agent = createUserAgent();
    await logIn(agent, "fred");
    idp.setLatency(5);
    const answer = await control({ reset: true, endSessions: "fred" });
    expect(await answer.json()).toMatchObject({ latencyMs: 0, endedSessions: 1 });
    expect(await silentOutcome(agent)).toBe("login_required");
  });

  it("applies nothing when any field is wrong, and wants JSON", async () => {
    idp.setLatency(3);
    const bad = await control({ latencyMs: 50, refreshTokenRotation: "sometimes" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_request" });
    expect(idp.currentFaults()).toMatchObject({ latencyMs: 3, refreshTokenRotation: "rotate" });
    expect((await control({ latency: 5 })).status).toBe(400);
    expect((await control({ reachable: false }, "text/plain")).status).toBe(415);
    expect(idp.currentFaults().reachable).toBe(true);
  });
});

describe("ending sessions in the IdP's storage", () => {
  // The dev IdP's refresh tokens die with their session anyway (no offline_access); one that outlives
  // its session (offline_access granted) must die with the grant, as oidc-provider's own logout revokes it.
  it("drops the user's sessions, their grants and every token of those grants, and nobody else's", async () => {
    const adapter = createMemoryAdapter();
    const [session, grant, refreshToken] = [adapter("Session"), adapter("Grant"), adapter("RefreshToken")];
    await session.upsert("s1", { accountId: "ann", authorizations: { myapp: { grantId: "g1", sid: "x" } } }, 60);
    await session.upsert("s2", { accountId: "ben", authorizations: { myapp: { grantId: "g2", sid: "y" } } }, 60);
    await grant.upsert("g1", { accountId: "ann", clientId: "myapp" }, 60);
    await grant.upsert("g2", { accountId: "ben", clientId: "myapp" }, 60);
    await grant.upsert("g3", { accountId: "ann", clientId: "myapp-todos" }, 60);
    await refreshToken.upsert("r1", { accountId: "ann", grantId: "g1", clientId: "myapp" }, 60);
    await refreshToken.upsert("r3", { accountId: "ann", grantId: "g3", clientId: "myapp-todos" }, 60);
    await refreshToken.upsert("r2", { accountId: "ben", grantId: "g2", clientId: "myapp" }, 60);

    expect(adapter.dropSessions("ann")).toBe(1);
    for (const [model, id] of [[session, "s1"], [grant, "g1"], [grant, "g3"], [refreshToken, "r1"], [refreshToken, "r3"]] as const) {
      expect(await model.find(id)).toBeUndefined();
    }
    expect(await session.find("s2")).toBeDefined();
    expect(await refreshToken.find("r2")).toBeDefined();
    expect(adapter.dropSessions()).toBe(1);
    expect(await refreshToken.find("r2")).toBeUndefined();
  });
});
