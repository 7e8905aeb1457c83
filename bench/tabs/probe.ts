// Browser side of the tabs bench: pages of one Chromium profile with stamps the page writes itself
// (first render, all token rows ready; performance.now(), i.e. ms from navigation start) and every change
// of the session status reported to Node as it happens (so a reload or a logout redirect does not lose it).
import type { BrowserContext, Frame, Page, Request } from "playwright-core";
import { launchChromium } from "../../test/e2e/support/chromium";

/** One status change a page reported, stamped by Node's clock. */
export interface StatusEvent {
  status: string;
  at: number;
}

/** A page under test with what it reported. */
export interface ProbedPage {
  page: Page;
  statuses: StatusEvent[];
  /** Full-page loads of the app in the top frame. */
  appLoads: () => number;
  /** Requests of this page's top frame whose URL contains `/token`. */
  tokenRequests: () => number;
}

// Plain script text: tsx would give `const f = () =>` functions a helper name the page does not have.
const stampScript = `(() => {
  if (window.top !== window) return;
  window.benchStamps = {};
  let lastStatus;
  const check = () => {
    const root = document.getElementById("root");
    if (root && root.childElementCount > 0 && window.benchStamps.firstRender === undefined) window.benchStamps.firstRender = performance.now();
    const status = document.querySelector('[data-testid="status"]')?.textContent ?? undefined;
    if (status !== undefined && status !== lastStatus) {
      lastStatus = status;
      window.benchStatus?.(status);
    }
    const rows = [...document.querySelectorAll('[data-testid^="token-"]')];
    const expected = Number(window.benchExpectedRows ?? 1);
    if (window.benchStamps.ready === undefined && rows.length >= expected && rows.every((r) => r.textContent.trim() === "ready")) {
      window.benchStamps.ready = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
})();`;

/** A fresh profile (one browser context = one profile); `open` adds a probed page, `close` ends it all. */
export async function openProfile(expectedRows: number): Promise<{ context: BrowserContext; open: () => Promise<ProbedPage>; close: () => Promise<void> }> {
  const browser = await launchChromium();
  await browser.context.addInitScript(`window.benchExpectedRows = ${expectedRows};`);
  await browser.context.addInitScript(stampScript);
  return {
    context: browser.context,
    close: browser.close,
    open: async () => {
      const page = await browser.context.newPage();
      const statuses: StatusEvent[] = [];
      let loads = 0;
      let tokens = 0;
      await page.exposeBinding("benchStatus", ({ frame }, status: string) => {
        if (frame === page.mainFrame()) statuses.push({ status, at: Date.now() });
      });
      page.on("load", () => {
        if (page.url().startsWith("http://127.0.0.1")) loads++;
      });
      page.on("request", (request) => {
        if (request.frame() === page.mainFrame() && new URL(request.url()).pathname === "/token") tokens++;
      });
      return { page, statuses, appLoads: () => loads, tokenRequests: () => tokens };
    },
  };
}

/** Waits until the page reported `status` (at or after `since`, Node ms); resolves with when, or undefined on timeout. */
export async function statusReached(probe: ProbedPage, status: string, since: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const hit = probe.statuses.find((e) => e.status === status && e.at >= since);
    if (hit) return hit.at;
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

/** Interactive login through the dev IdP's form; resolves when the page shows `loggedIn`. */
export async function logIn(probe: ProbedPage, url: string, login: string): Promise<void> {
  const { page } = probe;
  await page.goto(url);
  await page.getByTestId("status").filter({ hasText: "loggedOut" }).waitFor({ timeout: 20_000 });
  await page.getByRole("button", { name: "Log in" }).click();
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', "any");
  await page.locator('button[type="submit"]').click();
  await page.getByTestId("status").filter({ hasText: "loggedIn" }).waitFor({ timeout: 30_000 });
}

/** Waits until every token row of the page says `ready` (the page's own stamp). */
export async function rowsReady(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction("window.benchStamps && window.benchStamps.ready !== undefined", undefined, { timeout: timeoutMs, polling: 20 });
}

/** The page's stamps (ms from its navigation start) and, for our page, when the kit was created. */
export async function stamps(page: Page): Promise<{ firstRender?: number; ready?: number; kitStart?: number }> {
  return (await page.evaluate("({ ...window.benchStamps, kitStart: window.benchKitStart })")) as { firstRender?: number; ready?: number; kitStart?: number };
}

/** The statuses of the page's token rows, by API. */
export async function rowStatuses(page: Page): Promise<Record<string, string>> {
  return (await page.evaluate(
    `Object.fromEntries([...document.querySelectorAll('[data-testid^="token-"]')].map((r) => [r.dataset.testid.slice(6), r.textContent.trim()]))`,
  )) as Record<string, string>;
}

/** Our page's tokens still held (APIs whose snapshot has an access token). */
export async function heldTokens(page: Page): Promise<number> {
  return (await page.evaluate("Object.values(window.oidc.getSnapshot().apis).filter((a) => a.accessToken !== undefined).length")) as number;
}

/** Records the requests of every child frame of `page` until the returned function is called. */
export function recordFrames(page: Page): () => { urls: string[]; failed: number }[] {
  const frames = new Map<Frame, { urls: string[]; failed: number }>();
  const of = (request: Request) => {
    const frame = request.frame();
    if (frame === page.mainFrame()) return undefined;
    if (!frames.has(frame)) frames.set(frame, { urls: [], failed: 0 });
    return frames.get(frame);
  };
  const onRequest = (request: Request) => of(request)?.urls.push(request.url());
  const onFailed = (request: Request) => {
    const entry = of(request);
    if (entry) entry.failed++;
  };
  page.on("request", onRequest);
  page.on("requestfailed", onFailed);
  return () => {
    page.off("request", onRequest);
    page.off("requestfailed", onFailed);
    return [...frames.values()];
  };
}
