import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FREE_PORTS } from "../../example-app/server/examplePorts";
import { EXAMPLE_API_AUDIENCES, startExampleStack, type ExampleApiName, type ExampleStack } from "../../example-app/server/stack";
import { launchChromium } from "./support/chromium";
import { submitDevIdpLogin } from "./support/devIdpForm";

// The example app's whole journey in Chromium, against the real stack `npm run example` starts (on free ports).

const SCREENSHOTS = "test-results/example-app";
const USER = "alice";

let stack: ExampleStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
/** Every Vault token the page obtained, read off the login responses. */
const vaultTokens: string[] = [];
/** IdP requests (authorization, token, end-session) per step of the journey. */
const idpCost: Record<string, number> = {};

const appUrl = (path: string) => new URL(path, stack.urls.app).href;

/** What the app origin's storages hold: localStorage in full, and the token-looking values of sessionStorage. */
async function storageSnapshot(): Promise<{ localStorageKeys: string[]; tokensInSessionStorage: string[] }> {
  expect(new URL(page.url()).origin).toBe(new URL(stack.urls.app).origin);
  return page.evaluate(() => {
    const looksLikeToken = (v: string) => /eyJ[\w-]+\.eyJ[\w-]+/.test(v) || /hvs\.[\w-]{8,}/.test(v) || /"(access|refresh|id)_token"/.test(v);
    const values = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.getItem(sessionStorage.key(i) ?? "") ?? "");
    return {
      localStorageKeys: Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? ""),
      tokensInSessionStorage: values.filter(looksLikeToken),
    };
  });
}

/** localStorage is never used at all, and sessionStorage holds login state (PKCE, redirect chain) but no token. */
async function expectNoStoredToken(): Promise<void> {
  expect(await storageSnapshot()).toEqual({ localStorageKeys: [], tokensInSessionStorage: [] });
}

let shotsDir = SCREENSHOTS;
async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
}

/** Headers of a faked cross-origin JSON answer the app may read. */
function corsJson(): Record<string, string> {
  return { "Access-Control-Allow-Origin": new URL(stack.urls.app).origin, "Content-Type": "application/json" };
}

async function vaultLookupSelf(token: string): Promise<number> {
  const response = await fetch(`${stack.urls.vault}/v1/auth/token/lookup-self`, { headers: { "X-Vault-Token": token } });
  await response.body?.cancel();
  return response.status;
}

/** Successful Vault logins so far, as the Vault server saw them. */
const vaultLogins = () => stack.logs.vault.filter((e) => e.method === "POST" && e.path === "/v1/auth/jwt/login" && e.status === 200).length;

/** Runs `step` and records how many IdP requests it cost. */
async function measured(name: string, step: () => Promise<void>): Promise<void> {
  stack.idp.resetRequests();
  await step();
  idpCost[name] = stack.logs.idp.length;
}

async function openFromNav(label: string, path: string, ready: string): Promise<void> {
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: label, exact: true }).click();
  await page.waitForURL(appUrl(path));
  await page.getByTestId(ready).waitFor({ timeout: 10_000 });
}

// Same-site (hidden iframes) and cross-site (IdP on localhost, app on 127.0.0.1: top-level redirect chains).
describe.each(["same-site", "cross-site"] as const)("example app, IdP %s", (mode) => {
const shots = `${SCREENSHOTS}/${mode}`;
beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  shotsDir = shots;
  vaultTokens.length = 0;
  for (const key of Object.keys(idpCost)) delete idpCost[key];
  const idpHost = mode === "cross-site" ? "localhost" : "127.0.0.1";
  [stack, browser] = await Promise.all([startExampleStack({ ports: FREE_PORTS, logLevel: "silent", idpHost }), launchChromium()]);
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1200, height: 800 });
  page.on("response", (response) => {
    if (response.url() === `${stack.urls.vault}/v1/auth/jwt/login` && response.status() === 200) {
      void response.json().then((body: { auth: { client_token: string } }) => vaultTokens.push(body.auth.client_token));
    }
  });
});

afterAll(async () => {
  console.info(`IdP requests per step (${mode}):`, idpCost);
  await browser?.close();
  await stack?.close();
});

describe("example app, one user's journey", () => {
  it("deep link to My Secrets: the IdP's login form, then back at the deep link with the user's Vault secrets", async () => {
    await measured("login via deep link /secrets", async () => {
      await page.goto(appUrl("secrets?view=all"));
      await page.waitForURL((url) => url.href.startsWith(`${stack.urls.issuer}/interaction/`));
      await submitDevIdpLogin(page, USER);
      await page.waitForURL(appUrl("secrets?view=all"));
      await page.getByTestId("secret-list").waitFor();
    });
    await expect.poll(() => page.getByTestId("nav-user").textContent()).toBe("Alice");
    const secretText = await page.getByTestId("secret-list").textContent();
    expect(secretText).toContain(`sk_test_${USER}_`);
    expect(secretText).toContain(`${USER}_app`);
    await expect.poll(() => page.getByTestId("vault-token").getAttribute("data-status")).toBe("ready");
    // The loader's Vault client and the page's useVaultToken share one Vault login.
    expect(vaultLogins()).toBe(1);
    await expect.poll(() => vaultTokens.length).toBe(1);
    expect(await vaultLookupSelf(vaultTokens[0] ?? "")).toBe(200);
    await expectNoStoredToken();
    await screenshot("secrets");

    // A Vault failure in the loader is shown in place of the page, with its typed code, and a retry recovers.
    await page.route(`${stack.urls.vault}/v1/secret/data/**`, (route) =>
      route.fulfill({ status: 503, headers: corsJson(), body: JSON.stringify({ errors: ["Vault is sealed"] }) }),
    );
    await page.getByRole("button", { name: "Reload" }).click();
    await expect.poll(() => page.getByTestId("error").getAttribute("data-code")).toBe("vault_unreachable");
    expect(await page.getByTestId("error").textContent()).toContain("Vault is sealed");
    await screenshot("secrets-error");
    await page.unroute(`${stack.urls.vault}/v1/secret/data/**`);
    await page.getByRole("button", { name: "Try again" }).click();
    await page.getByTestId("secret-list").waitFor();

    // Saving a secret writes it with the same Vault token (writeSecret), then the list reads it back.
    await page.getByLabel("Secret name").fill("webhook");
    await page.getByLabel("Secret value").fill("whsec_example");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("secret-list").textContent()).toContain("whsec_example");
    expect(vaultLogins()).toBe(1);
  });

  it("Profile, Todos (add one), Files, Reports and Notes load, each from its own API", async () => {
    await measured("profile", () => openFromNav("Profile", "profile", "claims"));
    expect(await page.getByTestId("claims").textContent()).toContain(`${USER}@`);
    await screenshot("profile");

    await measured("todos", () => openFromNav("Todos", "todos", "todo-list"));
    await page.getByLabel("New to-do").fill("Ship the example");
    await page.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => page.getByTestId("todo-list").textContent()).toContain("Ship the example");
    await expectNoStoredToken();
    await screenshot("todos");
    // An API error is visible with its code, under the form that caused it.
    await page.route(`${stack.urls.apis.todos}/todos`, (route) =>
      route.request().method() === "POST"
        ? route.fulfill({ status: 500, headers: corsJson(), body: JSON.stringify({ error: "server_error", error_description: "The to-do store is read-only." }) })
        : route.continue(),
    );
    await page.getByLabel("New to-do").fill("This one fails");
    await page.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => page.getByTestId("error").getAttribute("data-code")).toBe("api_error");
    await screenshot("todos-error");
    await page.unroute(`${stack.urls.apis.todos}/todos`);

    await measured("files", () => openFromNav("Files", "files", "file-list"));
    expect(await page.getByTestId("file-list").textContent()).toContain("plan.md");
    await screenshot("files");

    await measured("reports", () => openFromNav("Reports", "reports", "report-list"));
    expect(await page.getByTestId("report-list").textContent()).toContain("November usage");
    await screenshot("reports");

    await measured("notes", () => openFromNav("Notes", "notes", "note-list"));
    expect(await page.getByTestId("note-list").textContent()).toContain(`Hello ${USER}`);
    await expectNoStoredToken();
    await screenshot("notes");

    // Each API saw only tokens made for it: no 401, and every token's aud is that API's audience alone.
    for (const [name, audience] of Object.entries(EXAMPLE_API_AUDIENCES) as [ExampleApiName, string][]) {
      const authed = stack.logs.apis[name].filter((entry) => entry.method !== "OPTIONS");
      expect(authed.length, name).toBeGreaterThan(0);
      expect(authed.map((entry) => entry.status).filter((status) => status >= 400), name).toEqual([]);
      expect(new Set(authed.map((entry) => JSON.stringify(entry.aud))), name).toEqual(new Set([JSON.stringify([audience])]));
      expect(new Set(authed.map((entry) => entry.sub)), name).toEqual(new Set([USER]));
    }
  });

  it("the Tokens page lists a ready token per API used, each with a different audience", async () => {
    await measured("tokens", () => openFromNav("Tokens", "tokens", "session"));
    await page.locator("tr.roa-token-row").first().waitFor();
    const rows = await page.locator("tr.roa-token-row").evaluateAll((trs) =>
      trs.map((tr) => ({
        api: tr.getAttribute("data-api"),
        status: tr.getAttribute("data-status"),
        audience: tr.querySelectorAll("td")[2]?.textContent ?? "",
      })),
    );
    const audiences = Object.fromEntries(rows.filter((row) => row.status === "ready").map((row) => [row.api, row.audience]));
    expect(audiences).toMatchObject({
      todos: "todos-api",
      files: "https://files.example",
      reports: "https://reports.example",
      notes: "https://notes.example",
      vault: "vault",
    });
    const distinct = new Set(["todos", "files", "reports", "vault"].map((api) => audiences[api]));
    expect(distinct.size).toBe(4);
    await expectNoStoredToken();
    await screenshot("tokens");

    // The price of each page at the IdP: a silent /auth + /token for a dedicated or audience client, one
    // refresh_token grant for a resource or scope API, nothing once the token is held.
    expect(idpCost).toMatchObject({ profile: 0, todos: 2, files: 1, reports: 2, notes: 1, tokens: 0 });
  });

  it("logs out: Vault token revoked, IdP session ended, nothing stored", async () => {
    expect(vaultLogins()).toBe(1); // reloads and retries reused the cached Vault token
    if (mode === "cross-site") {
      // Vault tokens live in the page's memory; a redirect chain's page loads leave the earlier one behind (it expires
      // with its lease). The page that logs out revokes what it holds: open My Secrets again so it holds one.
      await openFromNav("My Secrets", "secrets", "secret-list");
      await expect.poll(() => vaultTokens.length).toBe(2);
    }
    const vaultToken = vaultTokens.at(-1) ?? "";
    expect(await vaultLookupSelf(vaultToken)).toBe(200);
    await measured("logout", async () => {
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL(appUrl("/"));
      await expect.poll(() => page.getByTestId("session").getAttribute("data-status")).toBe("loggedOut");
    });
    expect(await vaultLookupSelf(vaultToken)).toBe(403);
    expect(stack.logs.idp.some((request) => request.path.startsWith("/session/end"))).toBe(true);
    expect(await page.locator("body").textContent()).not.toMatch(/alice/i);
    expect(await page.getByTestId("site-mode").textContent()).toContain(`IdP ${mode}`);
    await expectNoStoredToken();
    await screenshot("home-logged-out");
  });

  it("after logout, every protected page asks for a login and never shows the previous user", async () => {
    const sightings: string[] = [];
    await page.exposeFunction("__reportPreviousUser", (where: string) => sightings.push(where));
    // Watches every DOM change of the app's pages, so a flash of the old user's data would be caught too.
    await page.addInitScript((appOrigin: string) => {
      if (location.origin !== appOrigin) return;
      const report = (window as unknown as { __reportPreviousUser: (where: string) => void }).__reportPreviousUser;
      const check = () => {
        if (/alice|sk_test_/i.test(document.body?.textContent ?? "")) report(location.href);
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
    }, new URL(stack.urls.app).origin);

    for (const path of ["profile", "todos", "files", "reports", "notes", "secrets", "tokens"]) {
      await page.goto(appUrl(path));
      await page.waitForURL((url) => url.href.startsWith(`${stack.urls.issuer}/interaction/`), { timeout: 10_000 });
      expect(await page.locator('input[name="login"]').inputValue(), path).toBe("");
    }
    expect(sightings).toEqual([]);
    await page.goto(appUrl("/"));
    await expect.poll(() => page.getByTestId("session").getAttribute("data-status")).toBe("loggedOut");
    await expectNoStoredToken();
  });
});
});
