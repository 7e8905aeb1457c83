import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5999/";
let idp: DevIdp;

type Api = "app" | "todos" | "vault" | "s3" | "files" | "reports" | "notes";

function config(overrides: Partial<OidcConfig<Api>> = {}): OidcConfig<Api> {
  const { dedicated, resources, scopes } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    minRenewIntervalSeconds: 0,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: dedicated.todos.audience },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: dedicated.vault.audience },
      s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope, expectedAudience: dedicated.s3.audience },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
      reports: { clientId: resources.reports.clientId, audience: resources.reports.audience, scope: "openid reports:read" },
      notes: { clientId: scopes.notes.clientId, scope: scopes.notes.scope, expectedAudience: scopes.notes.audience },
    },
    ...overrides,
  };
}

const audOf = (token: string) => decodeJwtPayload(token)?.aud;
const requestsOf = (clientId: string, path: string) => idp.requests.filter((r) => r.clientId === clientId && r.path === path);

async function loggedInTab(overrides: Partial<OidcConfig<Api>> = {}, iframes = true) {
  const tab = new TestTab({ appUrl, iframes });
  const first = await tab.loadUntilSettled(config(overrides));
  expect(first.session.status).toBe("loggedOut");
  const after = await tab.logIn(first.oidc, config(overrides));
  expect(after.session.status).toBe("loggedIn");
  return { tab, ...after };
}

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl] });
});
afterAll(async () => {
  await idp?.close();
});

describe("one login, a token per API by each strategy", () => {
  it("gives each API a token with its own audience, at the documented request cost", async () => {
    const { oidc } = await loggedInTab();
    expect(oidc.getSnapshot().session.user?.sub).toBe("alice");
    idp.resetRequests();

    const expected: Record<Exclude<Api, "app">, string> = {
      todos: "todos-api",
      vault: "vault",
      s3: "s3",
      files: "https://files.example",
      reports: "https://reports.example",
      notes: "https://notes.example",
    };
    for (const [api, aud] of Object.entries(expected) as [Api, string][]) {
      const token = await oidc.getApiToken(api);
      expect([audOf(token)].flat(), api).toContain(aud);
      expect(oidc.getSnapshot().apis[api]).toMatchObject({ status: "ready", accessToken: token });
    }
    // Dedicated client: one silent /auth and one /token each. Resource and scope: one /token on the login client.
    for (const clientId of ["myapp-todos", "myapp-vault", "myapp-s3"]) {
      expect(requestsOf(clientId, "/auth"), clientId).toHaveLength(1);
      expect(requestsOf(clientId, "/token"), clientId).toHaveLength(1);
    }
    const loginTokenRequests = requestsOf("myapp", "/token");
    expect(loginTokenRequests.filter((r) => r.grantType === "refresh_token")).toHaveLength(2); // files + notes
    expect(requestsOf("myapp", "/auth").map((r) => r.audience)).toEqual(["https://reports.example"]); // audience strategy
    expect(idp.requests.filter((r) => r.status >= 400)).toEqual([]);
  });

  it("shows the strategy of every client in the snapshot", async () => {
    const { oidc } = await loggedInTab();
    const strategies = Object.fromEntries(Object.entries(oidc.getSnapshot().apis).map(([k, v]) => [k, v.strategy]));
    expect(strategies).toEqual({
      app: "login",
      todos: "dedicated",
      vault: "dedicated",
      s3: "dedicated",
      files: "resource",
      reports: "audience",
      notes: "scope",
    });
  });
});

describe("fetched once, never raced", () => {
  it("serves 50 concurrent callers of one API with a single acquisition", async () => {
    const { oidc } = await loggedInTab();
    idp.resetRequests();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => oidc.getApiToken("vault")));
    expect(new Set(tokens).size).toBe(1);
    expect(requestsOf("myapp-vault", "/auth")).toHaveLength(1);
    expect(requestsOf("myapp-vault", "/token")).toHaveLength(1);
  });

  it("renews on demand with a new token and leaves other APIs' state untouched", async () => {
    const { oidc } = await loggedInTab();
    await Promise.all([oidc.getApiToken("files"), oidc.getApiToken("vault")]);
    const vaultBefore = oidc.getSnapshot().apis.vault;
    const first = oidc.getSnapshot().apis.files.accessToken;
    const renewed = await oidc.getApiToken("files", { forceRefresh: true });
    expect(renewed).not.toBe(first);
    expect(oidc.getSnapshot().apis.vault).toBe(vaultBefore);
  });
});

describe("session restoration", () => {
  it("restores the session on reload through a hidden iframe when the IdP is same-site", async () => {
    const { tab } = await loggedInTab();
    const reload = await tab.loadUntilSettled(config());
    expect(reload.hops).toBe(0);
    expect(reload.session.status).toBe("loggedIn");
    expect(reload.session.user?.sub).toBe("alice");
  });

  it("says login_required, with no redirect, when there is no IdP session", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const { session, hops } = await tab.loadUntilSettled(config());
    expect(hops).toBe(0);
    expect(session).toMatchObject({ status: "loggedOut", error: { code: "login_required" } });
    await expect(tab.load(config()).getApiToken("vault")).rejects.toMatchObject({ code: "login_required" });
  });

  it("tries one silent redirect per tab when iframes can't work, and never loops", async () => {
    const tab = new TestTab({ appUrl, iframes: false });
    const first = await tab.loadUntilSettled(config({ sessionRestoration: "redirect" }));
    expect(first.hops).toBe(1);
    expect(first.session.status).toBe("loggedOut");
    const again = await tab.loadUntilSettled(config({ sessionRestoration: "redirect" }));
    expect(again.hops).toBe(0);
    expect(again.session.status).toBe("loggedOut");
  });
});

describe("redirect chains when iframes can't reach the IdP session", () => {
  const prefetched = (): Partial<OidcConfig<Api>> => {
    const base = config().clients;
    return {
      sessionRestoration: "redirect",
      clients: {
        ...base,
        todos: { ...base.todos, prefetch: true },
        vault: { ...base.vault, prefetch: true },
        s3: { ...base.s3, prefetch: true },
      },
    };
  };

  it("collects one code per prefetched dedicated client in 3 hops after login and stores no token", async () => {
    const tab = new TestTab({ appUrl: `${appUrl}reports?year=2026`, iframes: false });
    const first = await tab.loadUntilSettled(config(prefetched()));
    expect(first.session.status).toBe("loggedOut");
    const navigationsBefore = tab.navigations.length;
    const { oidc, session, hops } = await tab.logIn(first.oidc, config(prefetched()), "alice", "/reports?year=2026");
    expect(session.status).toBe("loggedIn");
    expect(hops).toBe(3);
    expect(tab.navigations.length - navigationsBefore).toBe(4); // the login + 3 silent hops
    expect(tab.url).toBe(`${appUrl}reports?year=2026`);
    for (const api of ["todos", "vault", "s3"] as const) expect(oidc.getSnapshot().apis[api].status).toBe("ready");
    const stored = tab.storage.values().join("\n");
    for (const api of ["app", "todos", "vault", "s3"] as const) {
      const accessToken = oidc.getSnapshot().apis[api].accessToken;
      expect(accessToken).toBeTruthy();
      expect(stored).not.toContain(accessToken);
    }
    expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT of any kind
  });
});

describe("a slow interactive login", () => {
  it("still returns to the deep link with every prefetched token after minutes at the IdP's form", async () => {
    const base = config().clients;
    const slow: Partial<OidcConfig<Api>> = { sessionRestoration: "redirect", clients: { ...base, vault: { ...base.vault, prefetch: true } } };
    const tab = new TestTab({ appUrl: `${appUrl}secrets`, iframes: false });
    const first = await tab.loadUntilSettled(config(slow));
    const navigation = tab.nextNavigation();
    void first.oidc.login({ returnTo: "/secrets?tab=db" });
    const loginUrl = await navigation;
    tab.clockOffsetMs = 3 * 60_000; // the user reads the form, looks for a password...
    await tab.follow(loginUrl, "alice");
    const { oidc, session, hops } = await tab.loadUntilSettled(config(slow));
    expect(session.status).toBe("loggedIn");
    expect(hops).toBe(1);
    expect(tab.url).toBe(`${appUrl}secrets?tab=db`);
    expect(oidc.getSnapshot().apis.vault.status).toBe("ready");
  });
});

describe("first use without iframes", () => {
  it("batches APIs asked for together into one chain that lands on the same URL, and a reload restores them all", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    expect(loggedIn.hops).toBe(0);

    const navigation = tab.nextNavigation();
    const hopsBefore = tab.navigations.length;
    void loggedIn.oidc.getApiToken("vault");
    void loggedIn.oidc.getApiToken("s3");
    await tab.follow(await navigation);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tab.navigations.length - hopsBefore).toBe(1); // one chain for both, not one chain each
    const after = await tab.loadUntilSettled(config(redirect()));
    // The page's session crossed the hops sealed: vault and s3 only, the login client is not authorized again.
    expect(after.hops).toBe(1);
    const chainClients = tab.navigations.slice(hopsBefore).map((url) => new URL(url).searchParams.get("client_id"));
    expect(chainClients).toEqual(["myapp-vault", "myapp-s3"]);
    expect(after.oidc.getSnapshot().session.user?.sub).toBe("alice");
    expect(tab.storage.values().join("\n")).not.toMatch(/eyJ[\w-]+\.eyJ/); // nothing readable at rest
    expect(tab.url).toBe(`${appUrl}dashboard`);
    for (const api of ["vault", "s3"] as const) expect(after.oidc.getSnapshot().apis[api].status).toBe("ready");

    const navigationsBefore = tab.navigations.length;
    const reload = await tab.loadUntilSettled(config(redirect()));
    expect(tab.navigations.length - navigationsBefore).toBe(3);
    expect(reload.session.status).toBe("loggedIn");
    for (const api of ["vault", "s3"] as const) expect(reload.oidc.getSnapshot().apis[api].status).toBe("ready");
  });
});

describe("a chain that starts while a refresh is under way", () => {
  it("waits for the rotated refresh token before carrying the session: no invalid_grant afterwards", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("files"); // a refresh grant on the login's (rotating) refresh token
    void loggedIn.oidc.getApiToken("vault"); // a redirect hop, started in the same tick
    await tab.follow(await navigation);
    const after = await tab.loadUntilSettled(config(redirect()));
    idp.resetRequests();
    await after.oidc.getApiToken("notes");
    await after.oidc.getApiToken("files", { forceRefresh: true });
    expect(idp.requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(idp.requests.filter((r) => r.path === "/auth")).toEqual([]);
  });
});

describe("a router navigation that needs a redirect", () => {
  it("lands on the navigation's target (returnTo), not on the page being left", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("vault", { returnTo: `${appUrl}reports?year=2026` });
    await tab.follow(await navigation);
    const after = await tab.loadUntilSettled(config(redirect()));
    expect(tab.url).toBe(`${appUrl}reports?year=2026`);
    expect(after.oidc.getSnapshot().apis.vault.status).toBe("ready");
  });

  it("lands on the router's pending navigation (connectRouter) when the caller did not say", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    loggedIn.oidc.navigatingTo("/notes?draft=1");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("s3");
    await tab.follow(await navigation);
    await tab.loadUntilSettled(config(redirect()));
    expect(tab.url).toBe(`${appUrl}notes?draft=1`);
  });
});

describe("callbacks and errors", () => {
  it("leaves a callback it did not start alone", async () => {
    const tab = new TestTab({ appUrl: `${appUrl}?code=abc&state=not-ours`, iframes: true });
    const { session } = await tab.loadUntilSettled(config());
    expect(session.status).toBe("loggedOut");
    expect(tab.url).toBe(`${appUrl}?code=abc&state=not-ours`);
  });

  it("refuses a token whose audience is not the API's, naming the IdP setting", async () => {
    const base = config().clients;
    const { oidc } = await loggedInTab({ clients: { ...base, files: { ...base.files, expectedAudience: "https://elsewhere.example" } } });
    const failure = await oidc.getApiToken("files").catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "audience_mismatch", api: "files" });
    expect(String((failure as Error).message)).toMatch(/register "https:\/\/elsewhere.example" as a resource \(RFC 8707\)/);
    expect(oidc.getSnapshot().apis.files).toMatchObject({ status: "error", accessToken: undefined });
  });

  it("reports an unreachable IdP as idp_unreachable without navigating", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const oidc = tab.load({ ...config(), issuer: "http://127.0.0.1:9/nothing-here" });
    const session = await oidc.start();
    expect(session).toMatchObject({ status: "error", error: { code: "idp_unreachable" } });
    expect(tab.navigations).toEqual([]);
  });

  it("refuses an unknown API name with unknown_api", async () => {
    const { oidc } = await loggedInTab();
    await expect(oidc.getApiToken("nope" as Api)).rejects.toMatchObject({ code: "unknown_api" });
  });
});

describe("logout", () => {
  it("drops every token, ends the IdP session and the next load is logged out", async () => {
    const { tab, oidc } = await loggedInTab();
    await Promise.all([oidc.getApiToken("vault"), oidc.getApiToken("files")]);
    let revoked = 0;
    oidc.onLogout(() => {
      revoked++;
    });
    const navigation = tab.nextNavigation();
    void oidc.logout();
    const endSession = await navigation;
    expect(revoked).toBe(1);
    expect(new URL(endSession).pathname).toMatch(/session\/end/);
    const snapshot = oidc.getSnapshot();
    expect(snapshot.session.status).toBe("loggedOut");
    expect(Object.values(snapshot.apis).every((a) => a.accessToken === undefined)).toBe(true);
    idp.resetRequests();
    await expect(oidc.getApiToken("files")).rejects.toMatchObject({ code: "login_required" });
    expect(idp.requests).toEqual([]); // no token request on behalf of a logged-out user
    tab.url = await tab.agent.endSession(endSession);
    const reload = await tab.loadUntilSettled(config());
    expect(reload.session.status).toBe("loggedOut");
  });
});

describe("a rejected refresh token", () => {
  it("falls back to one silent authorization instead of failing the API", async () => {
    const { oidc } = await loggedInTab();
    const first = await oidc.getApiToken("vault");
    expect(idp.revokeRefreshTokens("myapp-vault")).toBeGreaterThan(0);
    idp.resetRequests();
    const renewed = await oidc.getApiToken("vault", { forceRefresh: true });
    expect(renewed).not.toBe(first);
    expect(audOf(renewed)).toBe("vault");
    expect(oidc.getSnapshot().apis.vault.status).toBe("ready");
    // One refused refresh, then one silent authorization and its code exchange.
    const vaultRequests = idp.requests.filter((r) => r.clientId === "myapp-vault").map((r) => `${r.path}:${r.grantType ?? r.prompt}:${r.error ?? "ok"}`);
    expect(vaultRequests).toEqual(["/token:refresh_token:invalid_grant", "/auth:none:ok", "/token:authorization_code:ok"]);
  });
});
