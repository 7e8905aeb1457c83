import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";
import { submitDevIdpLogin } from "./support/devIdpForm";

// The outages of the core issue, played by the real dev IdP's fault switches against the kit in Chromium.
let app: Awaited<ReturnType<typeof startE2eApp>>;
let idp: DevIdp;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

const status = () => page.getByTestId("status");
const row = (api: string) => page.getByTestId(`token-${api}`);

beforeAll(async () => {
  app = await startE2eApp();
  // 8-s tokens: with the default policy they renew every 4 s, so renewals fall inside short outages.
  idp = await startDevIdp({ redirectUris: [app.url], accessTokenTtlSeconds: 8 });
  browser = await launchChromium();
  const { dedicated, resources } = DEV_CATALOGUE;
  app.setConfig({
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: "vault" },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
    },
    show: ["vault", "files"],
  });
  page = await browser.context.newPage();
  page.on("console", (message) => {
    if (message.type() === "warning" && !message.text().includes("renewBeforeExpirySeconds")) console.warn(message.text());
  });
  await page.goto(app.url);
  await page.getByRole("button", { name: "Log in" }).click();
  await submitDevIdpLogin(page);
  await page.getByTestId("user").waitFor({ timeout: 10_000 });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([idp?.close(), app?.close()]);
});

async function everyApiReady(timeout: number): Promise<void> {
  for (const api of ["vault", "files"]) {
    await expect.poll(() => row(api).getAttribute("data-status"), { timeout, interval: 100 }).toBe("ready");
  }
}

describe("outages in Chromium, recovered with no user action", () => {
  it("IdP down when the page loads: error, then the session and its tokens come back by themselves", async () => {
    await everyApiReady(10_000);
    idp.setReachable(false);
    await page.reload();
    await expect.poll(() => status().getAttribute("data-error"), { timeout: 10_000 }).toBe("idp_unreachable");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    idp.setReachable(true);
    const back = Date.now();
    await expect.poll(() => status().textContent(), { timeout: 6_000, interval: 100 }).toBe("loggedIn");
    await everyApiReady(6_000);
    expect(Date.now() - back).toBeLessThan(6_000);
  });

  it("a proxy's 503 HTML page on /token across renewals: tokens come back within seconds of the end, never a loop", async () => {
    await everyApiReady(10_000);
    idp.resetRequests();
    idp.setTokenEndpointFailure({ status: 503, html: true });
    await new Promise((resolve) => setTimeout(resolve, 9_000)); // longer than a token lives
    const during = idp.requests.filter((r) => r.path === "/token").length;
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThanOrEqual(10);
    expect(["error", "ready"]).toContain(await row("files").getAttribute("data-status"));
    idp.setTokenEndpointFailure(undefined);
    await everyApiReady(6_000);
    expect(await status().textContent()).toBe("loggedIn");
  });

  it("the session ended at the IdP: the next renewal logs the page out, with no token left on it", async () => {
    await everyApiReady(10_000);
    idp.endSessions("alice");
    await expect.poll(() => status().textContent(), { timeout: 10_000, interval: 100 }).toBe("loggedOut");
    expect(await status().getAttribute("data-error")).toBe("login_required");
    expect(await page.evaluate(() => (window as unknown as { oidc: { getSnapshot(): { apis: Record<string, { accessToken?: string }> } } }).oidc.getSnapshot().apis))
      .toSatisfy((apis: Record<string, { accessToken?: string }>) => Object.values(apis).every((a) => a.accessToken === undefined));
    idp.resetRequests();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(idp.requests.filter((r) => r.path === "/token")).toEqual([]);
  });
});
