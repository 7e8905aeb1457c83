import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import type { Oidc, OidcConfig } from "../../../src/core/types";
import { BrowserProfile } from "../../support/browserProfile";
import { TestTab } from "../../support/testBrowser";

// Tabs of one browser profile (shared cookies, BroadcastChannel and Web Locks) against the real IdP.
const appUrl = "http://127.0.0.1:5996/";
let idp: DevIdp;
const open: TestTab[] = [];

type Api = "app" | "vault" | "files";
const config = (overrides: Partial<OidcConfig<Api>> = {}): OidcConfig<Api> => ({
  issuer: idp.issuer,
  clients: {
    app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
    vault: { clientId: DEV_CATALOGUE.dedicated.vault.clientId },
    files: { clientId: "myapp", resource: DEV_CATALOGUE.resources.files.resource, scope: DEV_CATALOGUE.resources.files.scope },
  },
  ...overrides,
});

function newTab(profile: BrowserProfile, iframes = true): TestTab {
  const tab = new TestTab({ appUrl, iframes, profile });
  open.push(tab);
  return tab;
}

async function loggedInTab(profile: BrowserProfile, overrides: Partial<OidcConfig<Api>> = {}) {
  const tab = newTab(profile);
  const first = await tab.loadUntilSettled(config(overrides));
  const { oidc } = await tab.logIn(first.oidc, config(overrides));
  return { tab, oidc };
}

const withoutTokens = (oidc: Oidc<Api>) => Object.values(oidc.getSnapshot().apis).every((api) => api.accessToken === undefined);

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl], accessTokenTtlSeconds: 60 });
});
afterEach(() => {
  for (const tab of open.splice(0)) tab.close();
});
afterAll(async () => {
  await idp?.close();
});

describe("tabs of one browser", () => {
  it("a new tab takes the session from a live one: 0 IdP requests, tokens ready within 100 ms, nothing stored", async () => {
    const profile = new BrowserProfile();
    const { oidc: first } = await loggedInTab(profile);
    const filesToken = await first.getApiToken("files");
    const vaultToken = await first.getApiToken("vault");
    idp.resetRequests();
    const second = newTab(profile);
    const started = Date.now();
    const { oidc, session } = await second.loadUntilSettled(config());
    expect(Date.now() - started).toBeLessThan(100 + 50);
    expect(session).toMatchObject({ status: "loggedIn", user: { sub: "alice" } });
    expect(oidc.getSnapshot().apis.files).toMatchObject({ status: "ready", accessToken: filesToken });
    expect(await oidc.getApiToken("vault")).toBe(vaultToken);
    expect(idp.requests).toEqual([]);
    expect(second.iframeRequests).toEqual([]);
    expect(second.storage.values().join("\n")).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it("logout in one tab ends the session in every tab at once: idle, no tokens, no renewal", async () => {
    const profile = new BrowserProfile();
    const { tab, oidc: first } = await loggedInTab(profile);
    await first.getApiToken("files");
    const { oidc: second } = await newTab(profile).loadUntilSettled(config());
    await second.getApiToken("vault");
    const navigation = tab.nextNavigation();
    void first.logout();
    await navigation;
    await expect.poll(() => second.getSnapshot().session.status, { timeout: 1_000, interval: 10 }).toBe("loggedOut");
    expect(withoutTokens(second)).toBe(true);
    idp.resetRequests();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(idp.requests).toEqual([]);
  });

  it("a login in one tab reaches the tabs that show logged out", async () => {
    const profile = new BrowserProfile();
    const waiting = await newTab(profile).loadUntilSettled(config());
    expect(waiting.session.status).toBe("loggedOut");
    await loggedInTab(profile);
    await expect.poll(() => waiting.oidc.getSnapshot().session.status, { timeout: 1_000, interval: 10 }).toBe("loggedIn");
  });

  it("followers get renewed tokens from the leader: N tabs cost one tab's renewals, and a closed leader is replaced without invalid_grant", async () => {
    const profile = new BrowserProfile();
    const short = { renewBeforeExpirySeconds: 4, minRenewIntervalSeconds: 1 };
    const { tab: leaderTab, oidc: leader } = await loggedInTab(profile, short);
    await leader.getApiToken("files");
    const followers = [];
    for (let i = 0; i < 2; i++) followers.push((await newTab(profile).loadUntilSettled(config(short))).oidc);
    for (const follower of followers) await follower.getApiToken("files");
    idp.resetRequests();
    // Force three renewals from every tab: the followers ask the leader, which renews once per round.
    for (let round = 0; round < 3; round++) {
      await Promise.all([leader, ...followers].map((oidc) => oidc.getApiToken("files", { forceRefresh: true })));
    }
    const refreshes = idp.requests.filter((r) => r.path === "/token");
    expect(refreshes.length).toBeLessThanOrEqual(3 * 1.2 + 1);
    expect(new Set(followers.map((f) => f.getSnapshot().apis.files.accessToken))).toEqual(new Set([leader.getSnapshot().apis.files.accessToken]));
    leaderTab.close();
    idp.resetRequests();
    for (const follower of followers) await follower.getApiToken("files", { forceRefresh: true });
    expect(idp.requests.filter((r) => r.error !== undefined)).toEqual([]);
    for (const follower of followers) expect(follower.getSnapshot().apis.files.status).toBe("ready");
  });
});
