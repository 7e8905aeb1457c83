import { createHash } from "node:crypto";
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEV_CATALOGUE as C, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { startSampleApi, type SampleApi } from "../../../dev-server/sampleApi";
import { dpopKeyOf, generateDpopKeyPair, createProof } from "../../../src/core/dpop/proof";
import type { Oidc, OidcConfig } from "../../../src/core/types";
import { createTokenBoundFetch } from "../../../src/query/tokenBoundFetch";
import { TestTab } from "../../support/testBrowser";

// DPoP against the real dev IdP (oidc-provider, features.dPoP) and a sample API that verifies proofs with jose.
const appUrl = "http://127.0.0.1:5997/";
let idp: DevIdp;
let noDpopIdp: DevIdp;
let api: SampleApi;

type Api = "app" | "todos" | "files" | "plain";
const configFor = (issuer: string, todosClient = C.dpopBound.clientId): Omit<OidcConfig<Api>, "environment"> => ({
  issuer,
  sessionRestoration: "iframe",
  clients: {
    // The login client is DPoP: its code is redeemed on the page after the redirect, with the key kept across it.
    app: { clientId: C.loginClientId, scope: C.loginAuthorizeScope, dpop: true },
    // A client the IdP only serves with DPoP, through a hidden iframe.
    todos: { clientId: todosClient, dpop: true, baseUrls: [api.url] },
    // Minted from the login client's refresh token, which is bound to its key: DPoP too, without saying so.
    files: { clientId: C.loginClientId, resource: C.resources.files.resource, scope: C.resources.files.scope },
    plain: { clientId: C.dedicated.s3.clientId },
  },
});

const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");
const tokenRequests = (from: DevIdp) => from.requests.filter((r) => r.path === "/token");

async function loggedIn(issuer: string, todosClient?: string): Promise<{ tab: TestTab; oidc: Oidc<Api> }> {
  const tab = new TestTab({ appUrl, iframes: true });
  const config = configFor(issuer, todosClient);
  const { oidc } = await tab.logIn(tab.load(config), config);
  return { tab, oidc };
}

beforeAll(async () => {
  [idp, noDpopIdp] = await Promise.all([
    startDevIdp({ redirectUris: [appUrl] }),
    startDevIdp({ redirectUris: [appUrl], issuerHost: "localhost", dpop: false }),
  ]);
  api = await startSampleApi({ kind: "todos", issuer: idp.issuer, audience: C.dpopBound.audience, corsOrigins: [] });
});
afterAll(async () => {
  await Promise.all([idp?.close(), noDpopIdp?.close(), api?.close()]);
});
beforeEach(() => {
  idp.setDpopNonceRequired(false);
  api.setDpopNonceRequired(false);
});

describe("DPoP with oidc-provider", () => {
  it("binds the login across the redirect (dpop_jkt), the minted and the dedicated tokens to one key per client", async () => {
    const { tab, oidc } = await loggedIn(idp.issuer);
    const loginRequest = new URL(tab.navigations[0] ?? "");
    const loginJkt = loginRequest.searchParams.get("dpop_jkt");
    expect(loginJkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(oidc.getSnapshot().apis.app).toMatchObject({ status: "ready", tokenType: "DPoP" });

    const files = decodeJwt(await oidc.getApiToken("files"));
    expect(files.cnf).toEqual({ jkt: loginJkt });
    expect(oidc.getSnapshot().apis.files.tokenType).toBe("DPoP");

    const todos = decodeJwt(await oidc.getApiToken("todos"));
    const frameJkt = new URL(tab.iframeRequests.at(-1) ?? "").searchParams.get("dpop_jkt");
    expect(frameJkt).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(frameJkt).not.toBe(loginJkt);
    expect(todos.cnf).toEqual({ jkt: frameJkt });
    expect(oidc.getSnapshot().apis.todos.tokenType).toBe("DPoP");

    // A client without dpop stays bearer, and its authorization request names no key.
    await oidc.getApiToken("plain");
    expect(oidc.getSnapshot().apis.plain.tokenType).toBe("Bearer");
    expect(new URL(tab.iframeRequests.at(-1) ?? "").searchParams.has("dpop_jkt")).toBe(false);

    // Renewals prove the same keys: the refresh tokens are bound to them.
    await oidc.getApiToken("todos", { forceRefresh: true });
    expect(decodeJwt(await oidc.getApiToken("todos")).cnf).toEqual({ jkt: frameJkt });
    await oidc.getApiToken("files", { forceRefresh: true });
    expect(decodeJwt(await oidc.getApiToken("files")).cnf).toEqual({ jkt: loginJkt });
  });

  it("answers the IdP's use_dpop_nonce with one retry, then sends the nonce it remembers (also from successes)", async () => {
    idp.setDpopNonceRequired(true);
    idp.resetRequests();
    // A new page knows no nonce: the login's code redemption meets use_dpop_nonce once.
    const { oidc } = await loggedIn(idp.issuer);
    expect(tokenRequests(idp).map((r) => `${r.clientId} ${r.status} ${r.error ?? ""}`)).toEqual([
      `${C.loginClientId} 400 use_dpop_nonce`,
      `${C.loginClientId} 200 `,
    ]);
    idp.resetRequests();
    await oidc.getApiToken("todos");
    await oidc.getApiToken("files");
    expect(tokenRequests(idp).map((r) => r.status)).toEqual([200, 200]);
  });

  it("refuses a Bearer token for a DPoP client with dpop_failed (an IdP without DPoP)", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const config: Omit<OidcConfig<"app" | "todos">, "environment"> = {
      issuer: noDpopIdp.issuer,
      sessionRestoration: "iframe",
      clients: { app: { clientId: C.loginClientId, scope: C.loginScope }, todos: { clientId: C.dedicated.todos.clientId, dpop: true } },
    };
    const { oidc } = await tab.logIn(tab.load(config), config);
    await expect(oidc.getApiToken("todos")).rejects.toMatchObject({ code: "dpop_failed" });
    expect(oidc.getSnapshot().apis.todos).toMatchObject({ status: "error", error: { code: "dpop_failed" } });
  });

  it("discards the keys at logout", async () => {
    const { tab, oidc } = await loggedIn(idp.issuer);
    await oidc.getApiToken("todos");
    const name = (clientId: string) => `roa:${idp.issuer}:dpop:${clientId}`;
    expect(await tab.dpopKeys.load(name(C.dpopBound.clientId))).toBeDefined();
    const navigation = tab.nextNavigation();
    void oidc.logout();
    await navigation;
    expect(await tab.dpopKeys.load(name(C.dpopBound.clientId))).toBeUndefined();
    expect(await tab.dpopKeys.load(name(C.loginClientId))).toBeUndefined();
  });
  it("discards the keys when the IdP ends the session (a renewal answered login_required), not only at logout", async () => {
    const { tab, oidc } = await loggedIn(idp.issuer);
    await oidc.getApiToken("todos");
    const name = (clientId: string) => `roa:${idp.issuer}:dpop:${clientId}`;
    expect(await tab.dpopKeys.load(name(C.dpopBound.clientId))).toBeDefined();
    idp.endSessions();
    await oidc.getApiToken("todos", { forceRefresh: true }).catch(() => undefined);
    await expect.poll(() => oidc.getSnapshot().session.status).toBe("loggedOut");
    await expect.poll(() => tab.dpopKeys.load(name(C.dpopBound.clientId))).toBeUndefined();
    expect(await tab.dpopKeys.load(name(C.loginClientId))).toBeUndefined();
  });
});

describe("DPoP at a resource server (sample API verifying proofs with jose)", () => {
  let oidc: Oidc<Api>;
  let boundFetch: typeof fetch;
  beforeAll(async () => {
    ({ oidc } = await loggedIn(idp.issuer));
    boundFetch = createTokenBoundFetch(oidc, "todos", { origin: api.url });
  });

  it("the token-bound fetch sends Authorization: DPoP and a proof per request, which the API accepts", async () => {
    const before = api.log.length;
    expect((await boundFetch(`${api.url}/todos?page=1`)).status).toBe(200);
    expect((await boundFetch(`${api.url}/todos`, { method: "POST", body: JSON.stringify({ title: "proved" }) })).status).toBe(201);
    expect(api.log.slice(before).map((e) => `${e.method} ${e.status} ${e.scheme}`)).toEqual(["GET 200 DPoP", "POST 201 DPoP"]);
  });

  it("answers the API's use_dpop_nonce (401 + DPoP-Nonce) with one retry and remembers the nonce", async () => {
    api.setDpopNonceRequired(true);
    const before = api.log.length;
    expect((await boundFetch(`${api.url}/todos`)).status).toBe(200);
    expect((await boundFetch(`${api.url}/todos`)).status).toBe(200);
    expect(api.log.slice(before).map((e) => e.status)).toEqual([401, 200, 200]);
  });

  it("a stolen token is refused: as Bearer, with a proof of another key, a replayed proof, another URL or method", async () => {
    const token = await oidc.getApiToken("todos");
    const url = `${api.url}/todos`;
    const thief = await dpopKeyOf(await generateDpopKeyPair());
    const send = (authorization: string, proof?: string, method = "GET") =>
      fetch(url, { method, headers: { authorization, ...(proof ? { dpop: proof } : {}) } }).then((r) => r.status);
    const reasons = () => api.log.at(-1)?.reason;

    expect(await send(`Bearer ${token}`)).toBe(401);
    expect(reasons()).toBe("a DPoP-bound token presented as a bearer token");
    expect(await send(`DPoP ${token}`)).toBe(401);
    expect(reasons()).toBe("DPoP proof missing");
    expect(await send(`DPoP ${token}`, await createProof(thief, { method: "GET", url, nowMs: Date.now(), accessToken: token }))).toBe(401);
    expect(reasons()).toBe("DPoP proof key does not match the token's cnf.jkt");

    // The kit's own proofs: accepted once, then refused when replayed, for another URL or another method.
    const own = await oidc.createDpopProof("todos", { method: "GET", url, accessToken: token });
    expect(own).toBeDefined();
    expect(await calculateJwkThumbprint(decodeProtectedHeader(own ?? "").jwk ?? {}, "sha256")).toBe((decodeJwt(token).cnf as { jkt: string }).jkt);
    expect(decodeJwt(own ?? "").ath).toBe(sha256(token));
    expect(await send(`DPoP ${token}`, own)).toBe(200);
    expect(await send(`DPoP ${token}`, own)).toBe(401);
    expect(reasons()).toBe("DPoP proof replayed (jti seen before)");
    const otherUrl = await oidc.createDpopProof("todos", { method: "GET", url: `${api.url}/whoami`, accessToken: token });
    expect(await send(`DPoP ${token}`, otherUrl)).toBe(401);
    expect(reasons()).toBe("DPoP proof htu mismatch");
    const otherMethod = await oidc.createDpopProof("todos", { method: "DELETE", url, accessToken: token });
    expect(await send(`DPoP ${token}`, otherMethod)).toBe(401);
    expect(reasons()).toBe("DPoP proof htm mismatch");
    const noAth = await oidc.createDpopProof("todos", { method: "GET", url });
    expect(await send(`DPoP ${token}`, noAth)).toBe(401);
    expect(reasons()).toBe("DPoP proof ath mismatch");
  });

  it("createDpopProof is undefined for a client without DPoP and refuses a request that is not { method, url }", async () => {
    expect(await oidc.createDpopProof("plain", { method: "GET", url: `${api.url}/` })).toBeUndefined();
    await expect(oidc.createDpopProof("todos", { method: "GET", url: "/relative" })).rejects.toMatchObject({ code: "dpop_failed" });
  });
});
