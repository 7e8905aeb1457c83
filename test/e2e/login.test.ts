import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";
import { submitDevIdpLogin } from "./support/devIdpForm";

let app: Awaited<ReturnType<typeof startE2eApp>>;
let sameSiteIdp: DevIdp;
let crossSiteIdp: DevIdp;
let browser: Awaited<ReturnType<typeof launchChromium>>;

function appConfig(idp: DevIdp, extra: Record<string, unknown> = {}, prefetch = false) {
  const { dedicated, resources } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: "todos-api", prefetch },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: "vault", prefetch },
      s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope, expectedAudience: "s3", prefetch },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
    },
    show: ["todos", "vault", "s3", "files"],
    ...extra,
  };
}

/** Every token-looking value in the page's storages (there must be none by default). */
async function tokensInStorage(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const values: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) values.push(storage.getItem(storage.key(i) ?? "") ?? "");
    }
    return values.filter((v) => /eyJ[\w-]+\.eyJ[\w-]+/.test(v) || /"(access|refresh|id)_token"/.test(v));
  });
}

async function logInThroughForm(page: Page, login: string): Promise<void> {
  await page.getByRole("button", { name: "Log in" }).click();
  await submitDevIdpLogin(page, login);
}

const tokenRow = (page: Page, api: string) => page.getByTestId(`token-${api}`);

/** Counts full page loads of the app itself (the IdP's own pages are not the app's cost). */
async function countMainFrameLoads(page: Page): Promise<() => number> {
  let loads = 0;
  page.on("load", () => {
    if (page.url().startsWith(app.url)) loads++;
  });
  return () => loads;
}

beforeAll(async () => {
  app = await startE2eApp();
  sameSiteIdp = await startDevIdp({ redirectUris: [app.url] });
  crossSiteIdp = await startDevIdp({ redirectUris: [app.url], issuerHost: "localhost" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([sameSiteIdp?.close(), crossSiteIdp?.close(), app?.close()]);
});

describe("first journey in Chromium, IdP same-site (hidden iframe)", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(() => {
    context = browser.context;
    app.setConfig(appConfig(sameSiteIdp));
  });

  it("logs in through the IdP's form and shows a token per API with that API's audience", async () => {
    page = await context.newPage();
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("loggedOut");
    sameSiteIdp.resetRequests();
    await logInThroughForm(page, "alice");
    await page.waitForURL(app.url);
    await expect.poll(() => page.getByTestId("user").textContent()).toBe("alice");
    for (const [api, aud] of [["todos", "todos-api"], ["vault", "vault"], ["s3", "s3"], ["files", "https://files.example"]] as const) {
      await expect.poll(() => tokenRow(page, api).getAttribute("data-status"), { timeout: 10_000 }).toBe("ready");
      expect(JSON.parse((await tokenRow(page, api).getAttribute("data-aud")) ?? "null")).toEqual(aud);
    }
    expect(await tokenRow(page, "vault").getAttribute("data-client-id")).toBe("myapp-vault");
    // StrictMode renders twice; the callback is still redeemed once, and each dedicated client asked once.
    const codeRedemptions = sameSiteIdp.requests.filter((r) => r.path === "/token" && r.grantType === "authorization_code");
    expect(codeRedemptions.filter((r) => r.clientId === "myapp")).toHaveLength(1);
    for (const clientId of ["myapp-todos", "myapp-vault", "myapp-s3"]) {
      expect(codeRedemptions.filter((r) => r.clientId === clientId), clientId).toHaveLength(1);
    }
    expect(page.url()).toBe(app.url); // code and state are gone from the address bar
    expect(await tokensInStorage(page)).toEqual([]);
  });

  it("restores the session on reload without a full-page redirect", async () => {
    const loads = await countMainFrameLoads(page);
    await page.reload();
    await expect.poll(() => page.getByTestId("user").textContent()).toBe("alice");
    await expect.poll(() => tokenRow(page, "vault").getAttribute("data-status")).toBe("ready");
    expect(loads()).toBe(1);
    expect(await tokensInStorage(page)).toEqual([]);
  });

  it("logs out: IdP session ended, tokens gone, the next load is logged out", async () => {
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(app.url);
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("loggedOut");
    await page.reload();
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("loggedOut");
    expect(await page.getByTestId("user").count()).toBe(0);
    expect(await tokensInStorage(page)).toEqual([]);
    await page.close();
  });
});

describe("IdP cross-site (localhost vs 127.0.0.1): the redirect chain", () => {
  it("after login, brings 3 dedicated tokens in 3 silent hops, renders once at the end, stores no token", async () => {
    app.setConfig(appConfig(crossSiteIdp, { sessionRestoration: "auto" }, true));
    const context = (await launchChromium());
    try {
      const page = await context.context.newPage();
      await page.goto(`${app.url}?from=deep-link`);
      await expect.poll(() => page.getByTestId("status").textContent(), { timeout: 10_000 }).toBe("loggedOut");
      crossSiteIdp.resetRequests();
      const loads = await countMainFrameLoads(page);
      await logInThroughForm(page, "bob");
      await expect.poll(() => page.getByTestId("user").textContent(), { timeout: 15_000 }).toBe("bob");
      for (const api of ["todos", "vault", "s3"]) {
        expect(await tokenRow(page, api).getAttribute("data-status"), api).toBe("ready");
      }
      // The login callback plus one page load per dedicated client, then the app at its deep link.
      expect(loads()).toBe(4);
      expect(page.url()).toBe(`${app.url}?from=deep-link`);
      const silentAuth = crossSiteIdp.requests.filter((r) => r.path === "/auth" && r.prompt === "none");
      expect(silentAuth.map((r) => r.clientId).sort()).toEqual(["myapp-s3", "myapp-todos", "myapp-vault"]);
      expect(await tokensInStorage(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
