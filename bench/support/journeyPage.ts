// What the journey bench reads off and does to its pages: tokens left in storage, why a run failed, the moment the
// secret appears, and a warm-up visit.
import type { Page } from "playwright-core";
import type { DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "../../test/e2e/support/chromium";

// Distinct token values per storage: JWTs anywhere in a value, plus the values of token-named JSON
// fields or storage keys (opaque refresh tokens are not JWTs). One token seen twice counts once.
export async function tokensInStorage(page: Page): Promise<{ local: number; session: number }> {
  // Inline arrows only: tsx names `const f = () =>` functions with a helper the page does not have.
  const [local = 0, session = 0] = await page.evaluate(() =>
    [localStorage, sessionStorage].map((storage) => {
      const found = new Set<string>();
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i) ?? "";
        const value = storage.getItem(key) ?? "";
        for (const jwt of value.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? []) found.add(jwt);
        for (const field of value.matchAll(/"(?:access|refresh|id)_?[tT]oken"\s*:\s*"([^"]+)"/g)) found.add(field[1] ?? "");
        if (/(access|refresh|id)_?token$/i.test(key) && value && !value.startsWith("{")) found.add(value);
      }
      found.delete("");
      return found.size;
    }),
  );
  return { local, session };
}

export function failureReason(error: unknown, page: Page, idp: DevIdp, pageErrors: string[]): string {
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  const idpErrors = idp.requests.filter((r) => r.error).map((r) => `${r.clientId} ${r.path}: ${r.error} ${r.errorDescription ?? ""}`.trim());
  return [message, `page at ${page.url().slice(0, 100)}`, ...idpErrors.slice(0, 2).map((e) => `IdP: ${e}`), ...pageErrors.slice(0, 2).map((e) => `page: ${e}`)].join("; ");
}

// The page stamps the moment the secret appears: waitFor polls with growing intervals (up to 500 ms),
// which would add hundreds of milliseconds of noise to the wall time. Both clocks are this machine's.
export const secretClock = `new MutationObserver((_, observer) => {
  if (document.querySelector('[data-testid="secret"]')) {
    window.benchSecretShownAt = Date.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });`;

// The first visit of a fresh Vite server transforms every module; one visit per page before measuring
// keeps that one-off cost out of whichever library happens to run first.
export async function warmUp(appUrl: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.goto(appUrl);
    await page.getByTestId("status").filter({ hasText: "loggedOut" }).waitFor({ timeout: 20_000 });
  } catch {
    // A page that cannot even start shows up as failed runs, with their reason.
  } finally {
    await browser.close();
  }
}
