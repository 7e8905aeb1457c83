// React Router framework mode (the @react-router/dev Vite plugin, server rendering on) with the kit: the server renders
// every route (createOidc at module scope, OidcProvider and useOidc on the server), the browser hydrates without a
// mismatch, a clientLoader guards a route with enforceLogin and loads data with getApiToken after a login at the real
// dev IdP.
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { startSampleApi, type SampleApi } from "../../../dev-server/sampleApi";
import { launchChromium } from "../support/chromium";
import { startFrameworkApp } from "./frameworkApp";
import { submitDevIdpLogin } from "../support/devIdpForm";

let app: Awaited<ReturnType<typeof startFrameworkApp>>;
let idp: DevIdp;
let todosApi: SampleApi;
let browser: Awaited<ReturnType<typeof launchChromium>>;

const serverErrors = (): unknown[] => (globalThis as { __frameworkSsrErrors?: unknown[] }).__frameworkSsrErrors ?? [];

beforeAll(async () => {
  app = await startFrameworkApp();
  const origin = new URL(app.url).origin;
  idp = await startDevIdp({ redirectUris: [app.url] });
  todosApi = await startSampleApi({ kind: "todos", issuer: idp.issuer, audience: "todos-api", corsOrigins: [origin] });
  const { todos } = DEV_CATALOGUE.dedicated;
  app.setConfig({
    issuer: idp.issuer,
    todosUrl: todosApi.url,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: todos.clientId, scope: todos.scope, expectedAudience: todos.audience },
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.close(), idp?.close(), todosApi?.close()]);
});

/** Every console error and warning of the app's pages, and every uncaught error, as text. */
function recordConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const from = message.location().url;
    // The IdP's own pages and the browser's favicon request are not the app's business.
    if (/^Failed to load resource/.test(message.text()) && (!from.startsWith(app.url) || from.endsWith("/favicon.ico"))) return;
    messages.push(`${message.type()}: ${message.text()} (${from})`);
  });
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  return messages;
}

describe("React Router framework mode, server-rendered and hydrated", () => {
  it("renders every route on the server without error: the session initializing, the guarded route's HydrateFallback", async () => {
    for (const path of ["", "todos"]) {
      const response = await fetch(`${app.url}${path}`);
      const html = await response.text();
      expect(response.status, path).toBe(200);
      expect(html).toContain('data-testid="session" data-status="initializing"');
      expect(html).toContain(path === "todos" ? 'data-testid="todos-fallback"' : 'data-testid="home-fallback"');
    }
    expect(serverErrors()).toEqual([]);
  });

  it("hydrates without a warning, logs in at the IdP from the clientLoader, and shows data loaded with the API's token", async () => {
    const page = await browser.context.newPage();
    const messages = recordConsole(page);
    await page.goto(`${app.url}todos`);
    // The clientLoader found no session and sent the browser to the IdP, remembering /todos.
    await submitDevIdpLogin(page);
    await page.waitForURL(`${app.url}todos`);
    await expect.poll(() => page.getByTestId("todos-owner").textContent(), { timeout: 15_000 }).toBe("alice");
    expect(Number(await page.getByTestId("todos").getAttribute("data-count"))).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("session").getAttribute("data-status")).toBe("loggedIn");
    const served = todosApi.log.filter((entry) => entry.method === "GET" && entry.path === "/todos");
    expect(served.map((entry) => [entry.status, entry.sub, entry.aud])).toEqual([[200, "alice", ["todos-api"]]]);
    // Two server-rendered documents were hydrated (/todos before the login, / with the code after it).
    expect(messages.filter((m) => /hydrat|did not match|server rendered/i.test(m))).toEqual([]);
    expect(messages).toEqual([]);
    expect(serverErrors()).toEqual([]);

    // A reload of the guarded route: server render, hydration, then the session restored and the data loaded again.
    await page.reload();
    await expect.poll(() => page.getByTestId("todos-owner").textContent(), { timeout: 15_000 }).toBe("alice");
    expect(messages).toEqual([]);
    await page.close();
  });
});
