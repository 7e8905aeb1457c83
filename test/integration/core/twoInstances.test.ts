import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5996/";
let first: DevIdp;
let second: DevIdp;

const configFor = (idp: DevIdp): OidcConfig<"app" | "vault"> => ({
  issuer: idp.issuer,
  sessionRestoration: "iframe",
  clients: {
    app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
    vault: { clientId: DEV_CATALOGUE.dedicated.vault.clientId },
  },
});

beforeAll(async () => {
  // Cookies are scoped by host, not port: two IdPs on one host would share (and clobber) a session cookie.
  [first, second] = await Promise.all([
    startDevIdp({ redirectUris: [appUrl] }),
    startDevIdp({ redirectUris: [appUrl], issuerHost: "localhost" }),
  ]);
});
afterAll(async () => {
  await Promise.all([first?.close(), second?.close()]);
});

describe("two instances in one page", () => {
  it("each handles only its own callback and keeps its own session", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const a = tab.load(configFor(first));
    const b = tab.load(configFor(second));
    await Promise.all([a.start(), b.start()]);
    const navigation = tab.nextNavigation();
    void a.login();
    await tab.follow(await navigation, "alice");
    expect(tab.url).toContain("code=");

    // The page reloads on A's callback; B starts first and must leave it alone.
    second.resetRequests();
    const a2 = tab.load(configFor(first));
    const b2 = tab.load(configFor(second));
    const sessionB = await b2.start();
    const sessionA = await a2.start();
    expect(sessionA.status).toBe("loggedIn");
    expect(sessionA.user?.sub).toBe("alice");
    expect(sessionB).toMatchObject({ status: "loggedOut", error: { code: "login_required" } });
    expect(second.requests.filter((r) => r.path === "/token")).toEqual([]);
    expect(tab.url).toBe(appUrl);

    // Tokens never cross: A's vault token comes from A's IdP; B has none to give.
    const token = await a2.getApiToken("vault");
    expect(token.length).toBeGreaterThan(0);
    await expect(b2.getApiToken("vault")).rejects.toMatchObject({ code: "login_required" });
  });
});
