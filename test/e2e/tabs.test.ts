import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";
import { submitDevIdpLogin } from "./support/devIdpForm";

let app: Awaited<ReturnType<typeof startE2eApp>>;
let idp: DevIdp;

function appConfig(tokenStorage: "memory" | "sessionStorage") {
  const { resources, scopes } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    tokenStorage,
    minRenewIntervalSeconds: 0, // the test forces renewals back to back on purpose
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
      notes: { clientId: scopes.notes.clientId, scope: scopes.notes.scope },
    },
    show: ["files", "notes"],
  };
}

async function logIn(page: Page): Promise<void> {
  await page.goto(app.url);
  await expect.poll(() => page.getByTestId("status").textContent()).toBe("loggedOut");
  await page.getByRole("button", { name: "Log in" }).click();
  await submitDevIdpLogin(page, "carol");
  await expect.poll(() => page.getByTestId("user").textContent(), { timeout: 10_000 }).toBe("carol");
}

/** Renews every shared-client token of the page at once, `rounds` times; resolves with the codes of failures. */
function renewAll(page: Page, rounds: number): Promise<string[]> {
  return page.evaluate(async (n) => {
    const oidc = (window as unknown as { oidc: { getApiToken(api: string, o: object): Promise<string> } }).oidc;
    const failures: string[] = [];
    for (let i = 0; i < n; i++) {
      const results = await Promise.allSettled(
        ["app", "files", "notes"].map((api) => oidc.getApiToken(api, { forceRefresh: true })),
      );
      for (const r of results) if (r.status === "rejected") failures.push(String((r.reason as { code?: string }).code));
    }
    return failures;
  }, rounds);
}

const refreshErrors = () => idp.requests.filter((r) => r.path === "/token" && r.error !== undefined);

beforeAll(async () => {
  app = await startE2eApp();
  idp = await startDevIdp({ redirectUris: [app.url] });
});
afterAll(async () => {
  await Promise.all([idp?.close(), app?.close()]);
});

describe("two tabs renewing at once with refresh-token rotation on", () => {
  it("never redeems one refresh token twice (memory storage)", async () => {
    app.setConfig(appConfig("memory"));
    const browser = await launchChromium();
    try {
      const first = await browser.context.newPage();
      await logIn(first);
      const second = await browser.context.newPage();
      await second.goto(app.url);
      await expect.poll(() => second.getByTestId("user").textContent()).toBe("carol");
      // The second tab's first tokens are fetched as it renders: let them land before counting.
      for (const api of ["files", "notes"]) await expect.poll(() => second.getByTestId(`token-${api}`).getAttribute("data-status")).toBe("ready");
      idp.resetRequests();
      const [a, b] = await Promise.all([renewAll(first, 4), renewAll(second, 4)]);
      expect([...a, ...b]).toEqual([]);
      // The second tab took the first one's session and asks it (the leader) for renewals: one tab's worth or a little
      // more when both force at once, never the 24 of two tabs renewing apart, and never a refresh token redeemed twice.
      const refreshes = idp.requests.filter((r) => r.grantType === "refresh_token").length;
      expect(refreshes).toBeGreaterThanOrEqual(12);
      expect(refreshes).toBeLessThan(24);
      expect(refreshErrors()).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("gives a duplicated tab the live tab's session over the channel, never the refresh token copied in storage (sessionStorage)", async () => {
    app.setConfig(appConfig("sessionStorage"));
    const browser = await launchChromium();
    try {
      const first = await browser.context.newPage();
      await logIn(first);
      await expect.poll(() => first.getByTestId("token-files").getAttribute("data-status")).toBe("ready");
      idp.resetRequests();
      // window.open copies the opener's sessionStorage into the new tab, tokens included.
      const [duplicate] = await Promise.all([
        browser.context.waitForEvent("page"),
        first.evaluate((url) => void window.open(url, "_blank"), app.url),
      ]);
      await expect.poll(() => duplicate.getByTestId("user").textContent(), { timeout: 10_000 }).toBe("carol");
      // The copied tokens are dropped (a per-tab Web Lock says it is a duplicate); the live tab hands its session over.
      expect(idp.requests.filter((r) => r.path === "/auth")).toEqual([]);
      const [a, b] = await Promise.all([renewAll(first, 3), renewAll(duplicate, 3)]);
      expect([...a, ...b]).toEqual([]);
      expect(refreshErrors()).toEqual([]);
      // The original tab reloads from its own stored session without asking the IdP again.
      idp.resetRequests();
      await first.reload();
      await expect.poll(() => first.getByTestId("user").textContent()).toBe("carol");
      expect(idp.requests.filter((r) => r.path === "/auth")).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
