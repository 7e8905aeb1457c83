import type { Page } from "playwright-core";

/** Signs `login` in on the dev IdP's login form the page (or popup) shows; the dev IdP takes any password. */
export async function submitDevIdpLogin(page: Page, login = "alice"): Promise<void> {
  await page.waitForSelector('input[name="login"]');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', "any password");
  await page.locator('button[type="submit"]').click();
}
