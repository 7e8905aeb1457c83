import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FREE_PORTS } from "../../example-app/server/examplePorts";
import { startExampleStack, type ExampleStack } from "../../example-app/server/stack";
import { launchChromium } from "./support/chromium";
import { submitDevIdpLogin } from "./support/devIdpForm";

// The example's layout on a desktop (1280 px) and a phone (390 px): every page is screenshotted, none scrolls
// sideways, and no word (an audience, a client id, a date) is broken in the middle; values the page marks opaque
// (nonces, hashes) may wrap anywhere.

const SHOTS = "test-results/example-app/layout";
const WIDTHS = [1280, 390] as const;
const PAGES = [
  { path: "", ready: "site-mode" },
  { path: "profile", ready: "claims" },
  { path: "todos", ready: "todo-list" },
  { path: "files", ready: "file-list" },
  { path: "reports", ready: "report-list" },
  { path: "notes", ready: "note-list" },
  { path: "secrets", ready: "secret-list" },
  { path: "tokens", ready: "session" },
] as const;

let stack: ExampleStack;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

/** What breaks the layout on the current page: sideways scrolling, and words split across two lines. */
function layoutFaults(): Promise<{ overflowPx: number; brokenWords: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const brokenWords: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // What the page marks as opaque (a nonce, a hash) has no word to keep whole.
      if (node.parentElement?.closest(".opaque")) continue;
      const text = node.textContent ?? "";
      // A "word" is a run of letters and digits: breaking at "/", "." or "-" is fine, inside a run is not. Runs over 20
      // characters are opaque values (keys, hashes) that a phone may wrap anywhere.
      for (const match of text.matchAll(/(?<![\p{L}\p{N}])[\p{L}\p{N}]{2,20}(?![\p{L}\p{N}])/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) brokenWords.push(match[0]);
      }
    }
    return { overflowPx: root.scrollWidth - root.clientWidth, brokenWords };
  });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([startExampleStack({ ports: FREE_PORTS, logLevel: "silent" }), launchChromium()]);
  page = await browser.context.newPage();
  await page.goto(new URL("profile", stack.urls.app).href);
  await page.waitForURL((url) => url.href.startsWith(`${stack.urls.issuer}/interaction/`));
  await submitDevIdpLogin(page);
  await page.getByTestId("claims").waitFor({ timeout: 15_000 });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe.each(WIDTHS)("the example at %i px", (width) => {
  it.each(PAGES)("/$path: no sideways scrolling, no word broken mid-word", async ({ path, ready }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(new URL(path, stack.urls.app).href);
    await page.getByTestId(ready).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/${path || "home"}-${width}.png`, fullPage: true });
    expect(await layoutFaults()).toEqual({ overflowPx: 0, brokenWords: [] });
  });
});
