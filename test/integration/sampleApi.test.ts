import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE as C, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { startSampleApi, type SampleApi, type SampleApiKind } from "../../dev-server/sampleApi";
import { authorizeUrl, createPkce, exchangeCode, logInOnLoginClient, tokenRequest } from "../support/rawOAuth";
import { createUserAgent, type UserAgent } from "../support/userAgent";

const APP_ORIGIN = "http://127.0.0.1:5173";
const REDIRECT_URI = `${APP_ORIGIN}/`;

let idp: DevIdp;
const apis = {} as Record<SampleApiKind, SampleApi>;
/** Access tokens of alice, one per API. */
const tokens = {} as Record<SampleApiKind, string>;
let aliceIdToken: string;
let bobTodosToken: string;

/** Logs `name` in on the login client and returns the login tokens. */
const logIn = async (agent: UserAgent, name: string) => (await logInOnLoginClient(idp.issuer, agent, name, REDIRECT_URI)).body;

async function dedicatedToken(agent: UserAgent, clientId: string): Promise<string> {
  const pkce = createPkce();
  const url = authorizeUrl(idp.issuer, { clientId, redirectUri: REDIRECT_URI, scope: "openid", pkce, prompt: "none" });
  const callback = await agent.authorize(url, { noInteraction: true });
  const result = await exchangeCode(idp.issuer, callback, { clientId, redirectUri: REDIRECT_URI, pkce });
  return result.body.access_token ?? "";
}

function call(kind: SampleApiKind, path: string, token?: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return fetch(`${apis[kind].url}${path}`, { ...init, headers });
}

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [REDIRECT_URI] });
  const audiences: Record<SampleApiKind, string> = {
    todos: C.dedicated.todos.audience,
    s3: C.dedicated.s3.audience,
    files: C.resources.files.audience,
    reports: C.resources.reports.audience,
    notes: C.scopes.notes.audience,
  };
  await Promise.all(
    (Object.keys(audiences) as SampleApiKind[]).map(async (kind) => {
      apis[kind] = await startSampleApi({ kind, issuer: idp.issuer, audience: audiences[kind], corsOrigins: [APP_ORIGIN] });
    }),
  );

  const alice = createUserAgent();
  const login = await logIn(alice, "alice");
  aliceIdToken = login.id_token ?? "";
  let refreshToken = login.refresh_token;
  // One refresh per API on the login client's rotating refresh token, in sequence.
  for (const [kind, params] of [
    ["files", { resource: C.resources.files.resource }],
    ["reports", { resource: C.resources.reports.resource }],
    ["notes", { scope: C.scopes.notes.scope }],
  ] as const) {
    const result = await tokenRequest(idp.issuer, {
      grant_type: "refresh_token",
      client_id: C.loginClientId,
      refresh_token: refreshToken,
      ...params,
    });
    tokens[kind] = result.body.access_token ?? "";
    refreshToken = result.body.refresh_token;
  }
  tokens.todos = await dedicatedToken(alice, C.dedicated.todos.clientId);
  tokens.s3 = await dedicatedToken(alice, C.dedicated.s3.clientId);

  const bob = createUserAgent();
  await logIn(bob, "bob");
  bobTodosToken = await dedicatedToken(bob, C.dedicated.todos.clientId);
});

afterAll(async () => {
  await Promise.all(Object.values(apis).map((api) => api.close()));
  await idp?.close();
});

describe("sample APIs", () => {
  it("serve each API's data to a token for its own audience", async () => {
    const routes: Record<SampleApiKind, string> = {
      todos: "/todos",
      files: "/files",
      reports: "/reports",
      notes: "/notes",
      s3: "/objects",
    };
    for (const kind of Object.keys(routes) as SampleApiKind[]) {
      const response = await call(kind, routes[kind], tokens[kind]);
      expect(response.status, kind).toBe(200);
      const body = (await response.json()) as unknown[];
      expect(body.length, kind).toBeGreaterThan(0);
      expect(apis[kind].log.at(-1)).toMatchObject({ method: "GET", path: routes[kind], status: 200, sub: "alice" });
    }
  });

  it("tell who is calling with which token on /whoami", async () => {
    const response = await call("todos", "/whoami", tokens.todos);
    expect(await response.json()).toEqual({ sub: "alice", aud: ["todos-api"], scope: "todos", client_id: "myapp-todos" });
    const notes = (await (await call("notes", "/whoami", tokens.notes)).json()) as { aud: string[]; client_id: string };
    expect(notes).toMatchObject({ aud: ["https://notes.example"], client_id: "myapp" });
  });

  it("keep to-dos per user", async () => {
    const created = await call("todos", "/todos", tokens.todos, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Ship the kit" }),
    });
    expect(created.status).toBe(201);
    const mine = (await (await call("todos", "/todos", tokens.todos)).json()) as { title: string }[];
    expect(mine.map((t) => t.title)).toContain("Ship the kit");
    const bobs = (await (await call("todos", "/todos", bobTodosToken)).json()) as { title: string }[];
    expect(bobs.map((t) => t.title)).not.toContain("Ship the kit");
    const invalid = await call("todos", "/todos", tokens.todos, { method: "POST", body: "{}" });
    expect(invalid.status).toBe(400);
  });

  it("reject a token for another API with 401 invalid_token and log its audience", async () => {
    const response = await call("todos", "/todos", tokens.files);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
    const body = (await response.json()) as { error: string; error_description: string };
    expect(body.error).toBe("invalid_token");
    expect(body.error_description).toBeTruthy();
    expect(apis.todos.log.at(-1)).toMatchObject({ status: 401, aud: ["https://files.example"], sub: "alice" });
    expect(apis.todos.log.at(-1)?.reason).toMatch(/aud/);
    // The dedicated vault-style audiences are no more interchangeable than resources.
    expect((await call("s3", "/objects", tokens.todos)).status).toBe(401);
    expect((await call("notes", "/notes", tokens.reports)).status).toBe(401);
  });

  it("reject a missing token, an ID token and a tampered token", async () => {
    const missing = await call("files", "/files");
    expect(missing.status).toBe(401);
    expect(apis.files.log.at(-1)).toMatchObject({ status: 401, reason: "missing bearer token" });

    // Right issuer, a JWT, but an ID token (typ is not at+jwt, aud is the client).
    expect((await call("files", "/files", aliceIdToken)).status).toBe(401);

    const [header, payload, signature = ""] = tokens.files.split(".");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const tampered = await call("files", "/files", `${header}.${payload}.${flipped}`);
    expect(tampered.status).toBe(401);
    expect(apis.files.log.at(-1)).toMatchObject({ status: 401, aud: ["https://files.example"] });
  });

  it("answer a CORS preflight for the app's origin and refuse others", async () => {
    const preflight = await fetch(`${apis.todos.url}/todos`, {
      method: "OPTIONS",
      headers: {
        origin: APP_ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/authorization/);
    expect(preflight.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(apis.todos.log.at(-1)).toMatchObject({ method: "OPTIONS", status: 204 });

    const foreign = await fetch(`${apis.todos.url}/todos`, {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:1", "access-control-request-method": "GET" },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();

    const actual = await call("todos", "/todos", tokens.files, { headers: { origin: APP_ORIGIN } });
    expect(actual.headers.get("access-control-allow-origin")).toBe(APP_ORIGIN);
    expect(actual.headers.get("access-control-expose-headers")).toMatch(/WWW-Authenticate/i);
  });

  it("answer 404 for a path the API does not have", async () => {
    const response = await call("files", "/todos", tokens.files);
    expect(response.status).toBe(404);
  });
});
