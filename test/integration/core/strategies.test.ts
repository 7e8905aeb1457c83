// Every strategy against the real dev IdP: audiences and request costs, single flight, restoration, errors, logout.
import { describe, expect, it } from "vitest";
import { TestTab } from "../../support/testBrowser";
import { useStrategyIdp, type Api } from "./strategyIdp";

const { idp, appUrl, config, loggedInTab, audOf, requestsOf } = useStrategyIdp();

describe("one login, a token per API by each strategy", () => {
  it("gives each API a token with its own audience, at the documented request cost", async () => {
    const { oidc } = await loggedInTab();
    expect(oidc.getSnapshot().session.user?.sub).toBe("alice");
    idp().resetRequests();

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
    expect(idp().requests.filter((r) => r.status >= 400)).toEqual([]);
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
    idp().resetRequests();
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
    idp().resetRequests();
    await expect(oidc.getApiToken("files")).rejects.toMatchObject({ code: "login_required" });
    expect(idp().requests).toEqual([]); // no token request on behalf of a logged-out user
    tab.url = await tab.agent.endSession(endSession);
    const reload = await tab.loadUntilSettled(config());
    expect(reload.session.status).toBe("loggedOut");
  });
});

describe("a rejected refresh token", () => {
  it("falls back to one silent authorization instead of failing the API", async () => {
    const { oidc } = await loggedInTab();
    const first = await oidc.getApiToken("vault");
    expect(idp().revokeRefreshTokens("myapp-vault")).toBeGreaterThan(0);
    idp().resetRequests();
    const renewed = await oidc.getApiToken("vault", { forceRefresh: true });
    expect(renewed).not.toBe(first);
    expect(audOf(renewed)).toBe("vault");
    expect(oidc.getSnapshot().apis.vault.status).toBe("ready");
    // One refused refresh, then one silent authorization and its code exchange.
    const vaultRequests = idp().requests.filter((r) => r.clientId === "myapp-vault").map((r) => `${r.path}:${r.grantType ?? r.prompt}:${r.error ?? "ok"}`);
    expect(vaultRequests).toEqual(["/token:refresh_token:invalid_grant", "/auth:none:ok", "/token:authorization_code:ok"]);
  });
});
