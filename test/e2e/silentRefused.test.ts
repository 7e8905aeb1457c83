// A silent request's hidden iframe that lands anywhere but the redirect URI, in Chromium, against tiny stand-in IdPs on
// 127.0.0.1: one whose authorization page refuses to be framed (X-Frame-Options: DENY, CSP frame-ancestors 'none'),
// one that shows a login form instead of answering prompt=none, and one that never answers. The first three are told
// apart from the slow one as soon as the frame loads: silent_refused, logged out, and not tried again in the tab.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";

type StubMode = "xfo" | "csp" | "login" | "slow";

const LOGIN_FORM = '<!doctype html><title>Sign in</title><form method="post"><input name="login"><input name="password" type="password"><button>Sign in</button></form>';

/** One stand-in IdP per mode, under `/<mode>`: discovery and an authorization page that never redirects back. */
async function startStubIdps(appOrigin: string) {
  const authorizeRequests: Record<StubMode, number> = { xfo: 0, csp: 0, login: 0, slow: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const [, mode, ...rest] = new URL(req.url ?? "/", "http://stub").pathname.split("/") as [string, StubMode, ...string[]];
    const path = `/${rest.join("/")}`;
    if (!(mode in authorizeRequests)) return void res.writeHead(404).end();
    if (path === "/.well-known/openid-configuration") {
      const issuer = `${base}/${mode}`;
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": appOrigin });
      return void res.end(JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` }));
    }
    if (path !== "/auth") return void res.writeHead(404).end();
    authorizeRequests[mode] += 1;
    if (mode === "slow") return; // never answers; the connection is dropped on close
    const framing: Record<string, string> =
      mode === "xfo" ? { "x-frame-options": "DENY" } : mode === "csp" ? { "content-security-policy": "frame-ancestors 'none'" } : {};
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...framing }).end(LOGIN_FORM);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: (mode: StubMode) => `${base}/${mode}`,
    authorizeRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let app: Awaited<ReturnType<typeof startE2eApp>>;
let stubs: Awaited<ReturnType<typeof startStubIdps>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  app = await startE2eApp();
  [stubs, browser] = await Promise.all([startStubIdps(new URL(app.url).origin), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([stubs?.close(), app?.close()]);
});

const session = (page: Page) => page.getByTestId("status");
const configure = (mode: StubMode, silentTimeoutMs: number) =>
  app.setConfig({ issuer: stubs.issuer(mode), clients: { app: { clientId: "app" } }, sessionRestoration: "iframe", silentTimeoutMs, show: [] });

/** Loads the app in a new tab and resolves with the session's settled state and how long it took after the page loaded. */
async function loadSettled(page: Page): Promise<{ status: string | null; error: string | null; message: string | null; elapsedMs: number }> {
  const started = Date.now();
  await expect.poll(() => session(page).getAttribute("data-status"), { timeout: 20_000 }).toMatch(/^(loggedOut|error)$/);
  const elapsedMs = Date.now() - started;
  const [status, error, message] = await Promise.all(["data-status", "data-error", "data-error-message"].map((a) => session(page).getAttribute(a)));
  return { status: status ?? null, error: error ?? null, message: message ?? null, elapsedMs };
}

describe("a hidden iframe that lands anywhere but the redirect URI", () => {
  for (const mode of ["xfo", "csp", "login"] as const) {
    it(`(${mode}) is silent_refused within seconds of loading, counts as logged out, and is not tried again in the tab`, async () => {
      configure(mode, 30_000);
      const page = await browser.context.newPage();
      try {
        await page.goto(app.url);
        const first = await loadSettled(page);
        expect(first).toMatchObject({ status: "loggedOut", error: "silent_refused" });
        expect(first.message).toContain('sessionRestoration: "redirect"');
        // Far below the 30 s silent timeout: the frame's load tells, about a second after it.
        expect(first.elapsedMs).toBeLessThan(5_000);
        expect(stubs.authorizeRequests[mode]).toBe(1);
        expect(await page.locator("iframe").count()).toBe(0);

        await page.reload();
        const again = await loadSettled(page);
        expect(again).toMatchObject({ status: "loggedOut", error: "silent_refused", message: first.message });
        expect(stubs.authorizeRequests[mode]).toBe(1);
      } finally {
        await page.close();
      }
    });
  }

  it("(slow IdP) still gives silent_timeout, after silentTimeoutMs", async () => {
    configure("slow", 1_500);
    const page = await browser.context.newPage();
    try {
      await page.goto(app.url);
      const settled = await loadSettled(page);
      expect(settled).toMatchObject({ status: "error", error: "silent_timeout" });
      expect(settled.elapsedMs).toBeGreaterThanOrEqual(1_000);
    } finally {
      await page.close();
    }
  });
});
