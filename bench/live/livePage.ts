// One library's page in its own Chromium: login through the dev IdP's form, waiting for every API to
// answer, reading and resetting the page's probe, and what happened to the tab (navigations away, errors).
import type { Page } from "playwright-core";
import { launchChromium } from "../../test/e2e/support/chromium";
import { recordIdpTraffic, type IdpCall } from "./idpTraffic";
import { LIVE_APIS, type ProbeData } from "./probeData";
import type { LiveLibrary } from "./world";

/** A running page of one library. */
export interface LivePage {
  library: LiveLibrary;
  page: Page;
  /** Every request the browser sent to the IdP since launch. */
  idpCalls: IdpCall[];
  /** Top-level navigations the bench did not ask for (a reload, a redirect to the IdP, an error page), with when. */
  navigationsAway: { at: number; url: string }[];
  /** Uncaught page errors and console errors (first lines). */
  pageErrors: { at: number; text: string }[];
  /** Loads the app in this tab, as a user opening it would (not counted as a navigation away). */
  open(): Promise<void>;
  /** Logs in through the IdP's form and waits until every API answered 200 once. */
  logIn(): Promise<void>;
  /** Resolves once every API's latest poll answered 200 (rejects after `timeoutMs`). */
  waitAllAnswering(timeoutMs: number): Promise<void>;
  /** The probe's data (a fresh page load starts a fresh probe). */
  probe(): Promise<ProbeData>;
  /** Empties the probe's counters and logs. */
  resetProbe(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 200 ms until it is true; false after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(200);
  }
}

/** Whether the latest poll of every API answered 200. */
export function allAnswering(data: ProbeData | undefined): boolean {
  if (!data) return false;
  return LIVE_APIS.every((api) => {
    const polls = data.polls.filter((p) => p.api === api);
    return polls.at(-1)?.status === 200;
  });
}

/** Opens `library`'s page in a fresh Chromium profile (not logged in yet). */
export async function openLivePage(library: LiveLibrary, issuer: string): Promise<LivePage> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const idpCalls = recordIdpTraffic(browser.context, issuer, library.apiOf);
  const appOrigin = new URL(library.appUrl).origin;
  const navigationsAway: { at: number; url: string }[] = [];
  const pageErrors: { at: number; text: string }[] = [];
  // Navigations of the bench's own (open, the login form) are expected; any other one means the library left the page.
  let benchNavigating = false;
  // Page loads, not framenavigated: that also fires for history.replaceState, which is no navigation away.
  page.on("load", () => {
    if (!benchNavigating) navigationsAway.push({ at: Date.now(), url: page.url().slice(0, 120) });
  });
  const byBench = async <T>(work: () => Promise<T>): Promise<T> => {
    benchNavigating = true;
    try {
      return await work();
    } finally {
      benchNavigating = false;
    }
  };
  page.on("pageerror", (error) => pageErrors.push({ at: Date.now(), text: error.message.split("\n")[0] ?? "" }));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push({ at: Date.now(), text: message.text().slice(0, 200) });
  });

  const probe = async (): Promise<ProbeData> => {
    const data = (await page.evaluate("window.benchProbe && window.benchProbe.data")) as ProbeData | undefined;
    if (!data) throw new Error(`${library.name}: the page has no probe (at ${page.url().slice(0, 80)})`);
    return data;
  };
  const safeProbe = () => probe().catch(() => undefined);

  const waitAllAnswering = async (timeoutMs: number) => {
    if (!(await waitUntil(async () => allAnswering(await safeProbe()), timeoutMs))) {
      const data = await safeProbe();
      const last = LIVE_APIS.map((api) => {
        const poll = data?.polls.filter((p) => p.api === api).at(-1);
        return `${api}: ${poll ? `${poll.status} ${poll.error ?? ""}`.trim() : "no poll"}`;
      });
      throw new Error(`${library.name}: not every API answered within ${timeoutMs} ms (${last.join(", ")}; page at ${page.url().slice(0, 80)})`);
    }
  };

  return {
    library,
    page,
    idpCalls,
    navigationsAway,
    pageErrors,
    open: () => byBench(async () => void (await page.goto(library.appUrl))),
    logIn: () => byBench(async () => {
      if (!page.url().startsWith(appOrigin)) await page.goto(library.appUrl);
      // The first visit of a fresh Vite server transforms every module: slow on a busy machine.
      await page
        .getByTestId("status")
        .filter({ hasText: "loggedOut" })
        .waitFor({ timeout: 90_000 })
        .catch(async (error: unknown) => {
          const status = await page.getByTestId("status").textContent({ timeout: 1_000 }).catch(() => "no status element");
          throw new Error(`${library.name}: no "Log in" state (page at ${page.url().slice(0, 80)}, status ${status}, errors: ${pageErrors.map((e) => e.text).join(" | ") || "none"})`, { cause: error });
        });
      await page.getByRole("button", { name: "Log in" }).click();
      await page.fill('input[name="login"]', library.login);
      await page.fill('input[name="password"]', "any");
      await page.locator('button[type="submit"]').click();
      await page.getByTestId("status").filter({ hasText: "loggedIn" }).waitFor({ timeout: 30_000 });
      await waitAllAnswering(30_000);
    }),
    waitAllAnswering,
    probe,
    resetProbe: async () => {
      await page.evaluate("window.benchProbe.reset()");
    },
    close: browser.close,
  };
}
