// The journeys every provider goes through, in Chromium, once per session restoration mode (hidden iframe, top-level
// redirect): log in through the provider's own pages, each strategy's token (or the kit's typed refusal, never a loop),
// forced and timed renewal, reload restore with tokens in memory and in sessionStorage, logout back to the app.
// One app, one provider and one browser per file; each mode gets a fresh tab and no cookies.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium";
import { startE2eApp } from "../support/e2eApp";
import type { ApiExpectation, ConformanceProvider, TypedRefusal } from "./providers";

type Mode = "iframe" | "redirect";

/** Access tokens live 300 s at both providers; the kit renews 30 s before expiry. */
const PAST_RENEWAL_MS = 280_000;
/** How long the page must stay put to count as settled (no redirect loop, no state flapping). */
const SETTLE_MS = 1_000;

const sessionOf = (page: Page) => page.getByTestId("status");
const rowOf = (page: Page, api: string) => page.getByTestId(`token-${api}`);

async function expectRefusal(element: ReturnType<Page["getByTestId"]>, refusal: TypedRefusal, what: string): Promise<void> {
  expect(await element.getAttribute("data-error"), what).toBe(refusal.code);
  if (refusal.idpErrorDescription) expect(await element.getAttribute("data-idp-error-description"), what).toBe(refusal.idpErrorDescription);
  expect(await element.getAttribute("data-error-message"), what).toMatch(refusal.message);
}

/**
 * The strategy the page's kit shows for `api`. In redirect mode a chain may still be hopping when a row settles (a
 * refused hop and the next one): read it once the page has landed again.
 */
async function strategyOf(page: Page, api: string): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      await page.waitForFunction(() => window.oidc !== undefined, undefined, { timeout: 15_000 });
      return await page.evaluate((name) => window.oidc.getSnapshot().apis[name]?.strategy, api);
    } catch (error) {
      if (attempt >= 5 || !/Execution context was destroyed|navigat/i.test(String(error))) throw error;
      await page.waitForLoadState("load");
    }
  }
}

/** Registers the conformance journeys of the provider `start` gives, under `label`. */
export function conformanceSuite(label: string, start: (appUrl: string) => Promise<ConformanceProvider>): void {
  let app: Awaited<ReturnType<typeof startE2eApp>>;
  let provider: ConformanceProvider;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    app = await startE2eApp();
    [provider, browser] = await Promise.all([start(app.url), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([provider?.close(), app?.close()]);
  });

  const working = () => provider.apis.filter((a) => a.refused === undefined);

  async function expectTokens(page: Page, apis: ApiExpectation[]): Promise<void> {
    for (const { api, audience, refused, strategy } of apis) {
      const row = rowOf(page, api);
      await expect.poll(() => row.getAttribute("data-status"), { timeout: 20_000, message: api }).toBe(refused ? "error" : "ready");
      if (refused) await expectRefusal(row, refused, api);
      else if (audience) expect([JSON.parse((await row.getAttribute("data-aud")) ?? "null")].flat(), api).toContain(audience);
      expect(await strategyOf(page, api)).toBe(strategy);
    }
  }

  for (const mode of ["iframe", "redirect"] as Mode[]) {
    describe(`${label}, session restored by ${mode}`, () => {
      let page: Page;
      let appLoads = 0;
      const deepLink = () => `${app.url}?from=deep-link`;
      const configure = (tokenStorage: "memory" | "sessionStorage") =>
        app.setConfig({
          issuer: provider.issuer,
          clients: provider.clients,
          sessionRestoration: mode,
          tokenStorage,
          minRenewIntervalSeconds: 0,
          show: provider.apis.map((a) => a.api),
        });
      /** The app stays on its page and in its state: no redirect loop, no retry storm. */
      async function expectSettled(): Promise<void> {
        const loads = appLoads;
        const rows = await page.locator("li[data-status]").evaluateAll((items) => items.map((item) => item.getAttribute("data-status")));
        await page.waitForTimeout(SETTLE_MS);
        expect(appLoads).toBe(loads);
        expect(await page.locator("li[data-status]").evaluateAll((items) => items.map((item) => item.getAttribute("data-status")))).toEqual(rows);
      }
      async function logIn(): Promise<void> {
        await page.getByRole("button", { name: "Log in" }).click();
        await provider.submitLogin(page);
        await expect.poll(() => sessionOf(page).getAttribute("data-status"), { timeout: 15_000 }).toBe("loggedIn");
      }

      beforeAll(async () => {
        await browser.context.clearCookies();
        page = await browser.context.newPage();
        // Time in the page is Playwright's, so a test can jump to a token's renewal instead of waiting for it.
        await page.clock.install();
        page.on("load", () => {
          if (page.url().startsWith(app.url)) appLoads++;
        });
        configure("memory");
      });
      afterAll(async () => {
        await page?.close();
      });

      it("logs in through the provider's own login page and lands on the deep link, code and state gone", async () => {
        await page.goto(deepLink());
        await expect.poll(() => sessionOf(page).getAttribute("data-status"), { timeout: 15_000 }).toBe("loggedOut");
        expect(await sessionOf(page).getAttribute("data-error")).toBe(provider.noSessionCode);
        await logIn();
        await expect.poll(() => page.url()).toBe(deepLink());
        expect(await page.getByTestId("user").textContent()).toBeTruthy();
      });

      it("gets each API's token by its strategy, or the kit's typed refusal; the session lives on and nothing loops", async () => {
        await expectTokens(page, provider.apis);
        expect(await sessionOf(page).getAttribute("data-status")).toBe("loggedIn");
        await expectSettled();
      });

      it("renews every working token on demand (forceRefresh)", async () => {
        for (const { api } of working()) {
          const before = await page.evaluate((name) => window.oidc.getSnapshot().apis[name]?.accessToken, api);
          const renewed = await page.evaluate((name) => window.oidc.getApiToken(name, { forceRefresh: true }), api);
          expect(renewed, api).not.toBe(before);
          expect(await rowOf(page, api).getAttribute("data-status"), api).toBe("ready");
        }
      });

      it("renews every working token before it expires, without the app asking", async () => {
        const obtained = () =>
          page.evaluate((apis) => Object.fromEntries(apis.map((api) => [api, window.oidc.getSnapshot().apis[api]?.obtainedAt])), working().map((a) => a.api));
        const before = await obtained();
        await page.clock.fastForward(PAST_RENEWAL_MS);
        await expect
          .poll(async () => Object.entries(await obtained()).filter(([api, at]) => at === before[api] || at === undefined), { timeout: 15_000 })
          .toEqual([]);
        for (const { api } of working()) expect(await rowOf(page, api).getAttribute("data-status"), api).toBe("ready");
      });

      it("on reload with tokens in memory, restores the session, or gives the kit's typed refusal and stays logged out", async () => {
        await page.reload();
        const expected = provider.memoryRestore;
        await expect.poll(() => sessionOf(page).getAttribute("data-status"), { timeout: 15_000 }).toBe(expected === "loggedIn" ? "loggedIn" : "loggedOut");
        if (expected === "loggedIn") await expectTokens(page, provider.apis);
        else await expectRefusal(sessionOf(page), expected, "session");
        await expectSettled();
        expect(page.url()).toBe(deepLink());
      });

      it("on reload with tokens in sessionStorage, restores the session from the tab without asking the IdP", async () => {
        configure("sessionStorage");
        await page.reload();
        await expect.poll(() => sessionOf(page).getAttribute("data-status"), { timeout: 15_000 }).toMatch(/^(loggedIn|loggedOut)$/);
        if ((await sessionOf(page).getAttribute("data-status")) !== "loggedIn") await logIn();
        await expectTokens(page, provider.apis);
        const authorizations = provider.authorizeRequests?.();
        await page.waitForTimeout(200); // tokens are sealed (WebCrypto, IndexedDB key) asynchronously; a user reloads later
        await page.reload();
        await expect.poll(() => sessionOf(page).getAttribute("data-status"), { timeout: 15_000 }).toBe("loggedIn");
        await expectTokens(page, working());
        if (authorizations !== undefined) expect(provider.authorizeRequests?.()).toBe(authorizations);
      });

      it("logs out at the provider and comes back to the app, state gone; the provider's session is over", async () => {
        await page.getByRole("button", { name: "Log out" }).click();
        await provider.confirmLogout(page);
        await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(app.url);
        await expect.poll(() => sessionOf(page).getAttribute("data-status")).toBe("loggedOut");
        await page.getByRole("button", { name: "Log in" }).click();
        expect(await provider.asksForPassword(page)).toBe(true);
      });
    });
  }
}

declare global {
  interface Window {
    /** The page's instance (test/e2e/app/main.tsx). */
    oidc: import("../../../src/core/types").Oidc;
  }
}
