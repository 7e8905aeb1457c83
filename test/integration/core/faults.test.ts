import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOidc } from "../../../src/core/createOidc";
import type { Oidc, OidcConfig, OidcSnapshot } from "../../../src/core/types";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { TestTab } from "../../support/testBrowser";

// Faults are switches on the real dev IdP (oidc-provider); the kit runs unmodified against it.
const appUrl = "http://127.0.0.1:5997/";
let idp: DevIdp;

type Api = "app" | "vault" | "files" | "notes";
const config = (overrides: Partial<OidcConfig<Api>> = {}): OidcConfig<Api> => ({
  issuer: idp.issuer,
  minRenewIntervalSeconds: 0,
  clients: {
    app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
    vault: { clientId: DEV_CATALOGUE.dedicated.vault.clientId },
    files: { clientId: "myapp", resource: DEV_CATALOGUE.resources.files.resource, scope: DEV_CATALOGUE.resources.files.scope },
    notes: { clientId: DEV_CATALOGUE.scopes.notes.clientId, scope: DEV_CATALOGUE.scopes.notes.scope, expectedAudience: DEV_CATALOGUE.scopes.notes.audience },
  },
  ...overrides,
});

/** A logged-in instance in a tab (same-site: hidden iframes reach the IdP session). */
async function loggedIn(overrides: Partial<OidcConfig<Api>> = {}, iframes = true) {
  const tab = new TestTab({ appUrl, iframes });
  const first = await tab.loadUntilSettled(config(overrides));
  const { oidc } = await tab.logIn(first.oidc, config(overrides));
  return { tab, oidc };
}

/** Counts the instance's fetches (discovery, token endpoint), answered or not. */
function countingLoad(tab: TestTab, overrides: Partial<OidcConfig<Api>> = {}) {
  const attempts: string[] = [];
  tab.pageLoads += 1;
  const oidc = createOidc({
    ...config(overrides),
    environment: {
      ...tab.environment(),
      fetch: (input, init) => {
        attempts.push(String(input));
        return globalThis.fetch(input, init);
      },
    },
  });
  return { oidc, attempts };
}

const tokenRequests = () => idp.requests.filter((r) => r.path === "/token");

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl], accessTokenTtlSeconds: 60 });
});
afterEach(() => idp.resetFaults());
afterAll(async () => {
  await idp?.close();
});

describe("an IdP that is down when the app starts", () => {
  it("shows idp_unreachable, then restores the session by itself when the IdP is back, with bounded retries", async () => {
    const { tab } = await loggedIn();
    idp.setReachable(false);
    const { oidc, attempts } = countingLoad(tab);
    const first = await oidc.start();
    expect(first).toMatchObject({ status: "error", error: { code: "idp_unreachable" } });
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    // 1 failed attempt + probes at ~1 s and ~3 s: one request at a time, backing off.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.length).toBeLessThanOrEqual(4);
    idp.setReachable(true);
    await expect.poll(() => oidc.getSnapshot().session.status, { timeout: 6_000, interval: 100 }).toBe("loggedIn");
    expect(oidc.getSnapshot().session.user?.sub).toBe("alice");
  });

  it("in redirect mode, does not mark the tab logged out: the next load restores the session", async () => {
    const { tab } = await loggedIn({ sessionRestoration: "redirect" }, false);
    idp.setReachable(false);
    const down = tab.load(config({ sessionRestoration: "redirect" }));
    expect(await down.start()).toMatchObject({ status: "error", error: { code: "idp_unreachable" } });
    idp.setReachable(true);
    const reload = await tab.loadUntilSettled(config({ sessionRestoration: "redirect" }));
    expect(reload.session.status).toBe("loggedIn");
  });
});

describe("a token endpoint that fails during renewal", () => {
  for (const failure of [
    { name: "500 JSON", fault: { status: 500 } },
    { name: "a proxy's 503 HTML page", fault: { status: 503, html: true } },
  ]) {
    it(`keeps the valid token ready with idp_unreachable on ${failure.name}, and renews by itself once it answers`, async () => {
      const { oidc } = await loggedIn();
      const before = await oidc.getApiToken("files");
      idp.setTokenEndpointFailure(failure.fault);
      await expect(oidc.getApiToken("files", { forceRefresh: true })).rejects.toMatchObject({ code: "idp_unreachable", api: "files" });
      expect(oidc.getSnapshot().apis.files).toMatchObject({ status: "ready", accessToken: before, error: { code: "idp_unreachable" } });
      idp.setTokenEndpointFailure(undefined);
      await expect.poll(() => oidc.getSnapshot().apis.files, { timeout: 5_000, interval: 50 }).toMatchObject({ status: "ready", error: undefined });
      expect(oidc.getSnapshot().apis.files.accessToken).not.toBe(before);
    });
  }

  it("waits for Retry-After on 429", async () => {
    const { oidc } = await loggedIn();
    await oidc.getApiToken("files");
    idp.setTokenEndpointFailure({ status: 429, retryAfterSeconds: 2, times: 1 });
    idp.resetRequests();
    const failedAt = Date.now();
    await expect(oidc.getApiToken("files", { forceRefresh: true })).rejects.toMatchObject({ code: "idp_unreachable", retryAfterMs: 2_000 });
    await expect.poll(() => oidc.getSnapshot().apis.files.error, { timeout: 5_000, interval: 50 }).toBeUndefined();
    const retry = tokenRequests()[1];
    expect(retry?.status).toBe(200);
    expect((retry?.at ?? 0) - failedAt).toBeGreaterThanOrEqual(1_900);
  });
});

describe("a session that ends at the IdP", () => {
  it("ends the session totally on the next renewal: loggedOut and every API idle without a token, in one snapshot change", async () => {
    const { oidc } = await loggedIn();
    await Promise.all([oidc.getApiToken("files"), oidc.getApiToken("vault"), oidc.getApiToken("notes")]);
    const snapshots: OidcSnapshot<Api>[] = [];
    oidc.subscribe(() => snapshots.push(oidc.getSnapshot()));
    expect(idp.endSessions("alice")).toBeGreaterThan(0);
    await expect(oidc.getApiToken("files", { forceRefresh: true })).rejects.toMatchObject({ code: "login_required" });
    const ended = snapshots.find((s) => s.session.status === "loggedOut");
    expect(ended?.session.error?.code).toBe("login_required");
    for (const api of ["app", "vault", "files", "notes"] as const) {
      expect(ended?.apis[api], api).toMatchObject({ status: "idle", accessToken: undefined });
    }
    idp.resetRequests();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(idp.requests).toEqual([]); // nothing renewed for a user who is gone
  });
});

describe("an IdP that does not rotate refresh tokens (RFC 6749 §6)", () => {
  it("keeps the refresh token: after the login client renews itself, shared and dedicated APIs still renew with /token only", async () => {
    idp.setRefreshTokenRotation("none");
    const { oidc } = await loggedIn();
    await Promise.all([oidc.getApiToken("files"), oidc.getApiToken("vault")]);
    idp.resetRequests();
    for (let round = 0; round < 3; round++) {
      await oidc.getApiToken("app", { forceRefresh: true });
      await oidc.getApiToken("files", { forceRefresh: true });
      await oidc.getApiToken("vault", { forceRefresh: true });
    }
    expect(idp.requests.filter((r) => r.path === "/auth")).toEqual([]);
    expect(tokenRequests().filter((r) => r.grantType === "refresh_token" && r.status === 200)).toHaveLength(9);
  });
});

describe("rotation without Web Locks (Node has none)", () => {
  it("stores each rotated refresh token before the next grant runs: 10 rounds of concurrent renewals, 0 invalid_grant", async () => {
    const { oidc } = await loggedIn();
    await Promise.all([oidc.getApiToken("files"), oidc.getApiToken("notes")]);
    idp.resetRequests();
    for (let round = 0; round < 10; round++) {
      await Promise.all([
        oidc.getApiToken("files", { forceRefresh: true }),
        oidc.getApiToken("notes", { forceRefresh: true }),
        oidc.getApiToken("app", { forceRefresh: true }),
      ]);
    }
    expect(tokenRequests()).toHaveLength(30);
    expect(tokenRequests().filter((r) => r.error !== undefined)).toEqual([]);
  });
});

describe("silent requests that never come back", () => {
  it("leave no sign-in state behind in sessionStorage", async () => {
    const { tab } = await loggedIn();
    for (let i = 0; i < 5; i++) {
      const oidc: Oidc<Api> = createOidc({
        ...config({ silentTimeoutMs: 1_000 }),
        environment: { ...tab.environment(), runInIframe: async () => Promise.reject(Object.assign(new Error("gone"), { name: "Timeout" })) },
      });
      await oidc.start();
    }
    const leftovers = [...Array(tab.storage.length).keys()].map((i) => tab.storage.key(i) ?? "").filter((key) => key.includes(":auth."));
    expect(leftovers).toEqual([]);
  });
});
