// What one silent renewal through a hidden iframe costs the browser, counted in Chromium from the page's own network
// events (every request any child frame makes), against the dev IdP same-site with the e2e page on Vite's dev server.
// The page (./app) is the e2e app with an inline script in its HTML that asks for /inline-script-ran-in-frame when it runs
// in a frame; the app's main module starts with `fetch("/e2e-config.json")`. A frame that asks for either ran the app.
import { fileURLToPath } from "node:url";
import type { Frame, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { launchChromium } from "../support/chromium";
import { startE2eApp } from "../support/e2eApp";
import { submitDevIdpLogin } from "../support/devIdpForm";

let app: Awaited<ReturnType<typeof startE2eApp>>;
let idp: DevIdp;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** The static page of ./app/public: served as is, nothing in it to load. */
const silentPage = () => `${app.url}silent.html`;

function appConfig(extra: Record<string, unknown> = {}) {
  const { dedicated } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope },
    },
    show: [],
    ...extra,
  };
}

/** One child frame's requests, in the order the browser made them, with how each ended. */
interface FrameRequests {
  urls: URL[];
  failed: Set<string>;
}

/** Records every request of every child frame of `page` until the returned function is called. */
function recordFrames(target: Page): () => FrameRequests[] {
  const frames = new Map<Frame, FrameRequests>();
  const of = (request: Request) => {
    const frame = request.frame();
    if (frame === target.mainFrame()) return undefined;
    if (!frames.has(frame)) frames.set(frame, { urls: [], failed: new Set() });
    return frames.get(frame);
  };
  const onRequest = (request: Request) => of(request)?.urls.push(new URL(request.url()));
  const onFailed = (request: Request) => of(request)?.failed.add(request.url());
  target.on("request", onRequest);
  target.on("requestfailed", onFailed);
  return () => {
    target.off("request", onRequest);
    target.off("requestfailed", onFailed);
    return [...frames.values()];
  };
}

/** Runs `getApiToken(api)` on a client the page holds no token for: one silent authorization in a hidden iframe. */
async function renewThroughFrame(api: string): Promise<FrameRequests> {
  const stop = recordFrames(page);
  const detached = page.waitForEvent("framedetached");
  const token = await page.evaluate((name) => (window as unknown as { oidc: { getApiToken(api: string): Promise<string> } }).oidc.getApiToken(name), api);
  expect(token).toMatch(/^eyJ/);
  await detached;
  const frames = stop();
  expect(frames).toHaveLength(1);
  return frames[0]!;
}

/** The app's own files asked for inside the frame (paths on the app's origin, the redirect target itself excepted). */
const appFiles = ({ urls }: FrameRequests) => urls.filter((u) => u.origin === new URL(app.url).origin && !u.searchParams.has("state")).map((u) => u.pathname);

/** The two requests every silent renewal makes: the authorization request, then the IdP's redirect to `landing`. */
function expectAuthorizeThenLanding({ urls }: FrameRequests, landing: string): void {
  expect(`${urls[0]?.origin}${urls[0]?.pathname}`).toBe(`${idp.issuer}/auth`);
  expect(urls[0]?.searchParams.get("prompt")).toBe("none");
  expect(urls[0]?.searchParams.get("redirect_uri")).toBe(landing);
  expect(`${urls[1]?.origin}${urls[1]?.pathname}`).toBe(landing);
  expect(urls[1]?.searchParams.get("code")).toBeTruthy();
}

beforeAll(async () => {
  app = await startE2eApp(fileURLToPath(new URL("./app", import.meta.url)));
  idp = await startDevIdp({ redirectUris: [app.url, `${app.url}silent.html`] });
  browser = await launchChromium();
  app.setConfig(appConfig());
  page = await browser.context.newPage();
  await page.goto(app.url);
  await page.getByRole("button", { name: "Log in" }).click();
  await submitDevIdpLogin(page);
  await page.waitForURL(app.url);
  await page.getByTestId("user").waitFor();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([idp?.close(), app?.close()]);
});

describe("requests of one silent renewal through a hidden iframe (Chromium)", () => {
  it("returning to the app's redirect URI: the frame is stopped and removed as the page commits, before any of its scripts runs", async () => {
    const frame = await renewThroughFrame("todos");
    expectAuthorizeThenLanding(frame, app.url);
    // Chromium's preload scanner asks for what the page's HTML names (Vite's client, the main module) in the very task
    // the page commits, before any code of the parent can run: those requests are made, then cancelled by the stop.
    expect(appFiles(frame).every((path) => ["/@vite/client", "/main.tsx"].includes(path)), appFiles(frame).join(" ")).toBe(true);
    expect(frame.urls.length).toBeLessThanOrEqual(4);
    // Nothing the page does once it runs: no inline script, no config fetch, no dependency, no kit module, no IdP call.
    const ran = (u: URL) =>
      ["/inline-script-ran-in-frame", "/e2e-config.json"].includes(u.pathname) || u.pathname.startsWith("/node_modules/") || u.pathname.startsWith("/@fs/");
    expect(frame.urls.filter(ran)).toEqual([]);
    expect(frame.urls.slice(1).filter((u) => u.origin === idp.issuer)).toEqual([]);
  });

  it("returning to silentRedirectUri: the /auth request and the static page, nothing of the app", async () => {
    app.setConfig(appConfig({ silentRedirectUri: silentPage() }));
    // The reload restores the session with a silent request of the login client, then one for "todos" (used before).
    const stop = recordFrames(page);
    await page.reload();
    await expect.poll(() => page.getByTestId("user").textContent()).toBe("alice");
    await page.evaluate(() => (window as unknown as { oidc: { getApiToken(api: string): Promise<string> } }).oidc.getApiToken("todos"));
    await expect.poll(() => page.frames().length).toBe(1);
    const restored = stop();
    expect(restored).toHaveLength(2);
    for (const frame of [...restored, await renewThroughFrame("vault")]) {
      expectAuthorizeThenLanding(frame, silentPage());
      expect(frame.urls).toHaveLength(2);
      expect(appFiles(frame)).toEqual([]);
    }
  });
});
