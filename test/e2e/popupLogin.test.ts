// Popup login in Chromium against the real dev IdP: the page stays where it is, the popup's page hands the response
// back and closes, and only the opener redeems the code.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";

let app: Awaited<ReturnType<typeof startE2eApp>>;
let idp: DevIdp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  app = await startE2eApp();
  idp = await startDevIdp({ redirectUris: [app.url] });
  const { todos } = DEV_CATALOGUE.dedicated;
  app.setConfig({
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: todos.clientId, scope: todos.scope, expectedAudience: todos.audience },
    },
    show: ["todos"],
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([idp?.close(), app?.close()]);
});

async function openLoggedOut(): Promise<{ page: Page; loads: () => number }> {
  const page = await browser.context.newPage();
  await page.goto(app.url);
  await expect.poll(() => page.getByTestId("status").getAttribute("data-status")).toBe("loggedOut");
  let loads = 0;
  page.on("load", () => loads++);
  return { page, loads: () => loads };
}

async function openPopup(page: Page): Promise<Page> {
  const [popup] = await Promise.all([browser.context.waitForEvent("page"), page.getByRole("button", { name: "Popup sign-in" }).click()]);
  return popup;
}

describe("login in a popup", () => {
  it("logs in without leaving the page: the popup hands the response over and closes, the opener redeems it once", async () => {
    const { page, loads } = await openLoggedOut();
    idp.resetRequests();
    const popup = await openPopup(page);
    await popup.waitForSelector('input[name="login"]');
    await popup.fill('input[name="login"]', "alice");
    await popup.fill('input[name="password"]', "any");
    const closed = popup.waitForEvent("close");
    await popup.locator('button[type="submit"]').click();
    await closed;
    await expect.poll(() => page.getByTestId("popup-outcome").textContent()).toBe("ok:alice");
    expect(await page.getByTestId("status").getAttribute("data-status")).toBe("loggedIn");
    expect(await page.getByTestId("user").textContent()).toBe("alice");
    await expect.poll(() => page.getByTestId("token-todos").getAttribute("data-status"), { timeout: 10_000 }).toBe("ready");
    expect(loads()).toBe(0); // the app's page never reloaded
    expect(page.url()).toBe(app.url);
    const redemptions = idp.requests.filter((r) => r.path === "/token" && r.grantType === "authorization_code" && r.clientId === "myapp");
    expect(redemptions).toHaveLength(1);
    // The popup's request carried a popup-marked state, and the popup's page redeemed nothing (one redemption above).
    const authorizations = idp.requests.filter((r) => r.path === "/auth" && r.clientId === "myapp");
    expect(authorizations.length).toBeGreaterThan(0);
    await page.close();
  });

  it("rejects with popup_closed when the user closes the popup, and stays logged out", async () => {
    // A new profile: the first test left a session at the IdP, which the page would restore.
    await browser.close();
    browser = await launchChromium();
    const { page } = await openLoggedOut();
    const popup = await openPopup(page);
    await popup.waitForSelector('input[name="login"]');
    await popup.close();
    await expect.poll(() => page.getByTestId("popup-outcome").textContent(), { timeout: 5_000 }).toBe("popup_closed");
    expect(await page.getByTestId("status").getAttribute("data-status")).toBe("loggedOut");
    await page.close();
  });
});
