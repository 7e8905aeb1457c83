// Benchmark: "back from login → tokens for 3 APIs by dedicated clients → a Vault secret" in Chromium,
// with the IdP same-site (hidden iframes work) and cross-site (they can't: a redirect chain runs).
// Prints medians over several runs and the ratios between the two modes, all measured in this one run.
// Usage: npm run bench [-- --runs 5]
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../example-app/server/devIdp";
import { startDevVault } from "../example-app/server/vaultServer";
import { launchChromium } from "../test/e2e/support/chromium";
import { startE2eApp } from "../test/e2e/support/e2eApp";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const dedicatedClients = ["myapp-todos", "myapp-vault", "myapp-s3"];

interface Sample {
  wallMs: number;
  appPageLoads: number;
  idpRequests: Record<string, { auth: number; token: number }>;
  tokensInStorage: number;
  renders: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function tokensInStorage(page: Page): Promise<number> {
  return page.evaluate(() => {
    let found = 0;
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) {
        const value = storage.getItem(storage.key(i) ?? "") ?? "";
        found += (value.match(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g) ?? []).length;
        found += (value.match(/"(access|refresh)_token"\s*:\s*"[^"]+"/g) ?? []).length;
      }
    }
    return found;
  });
}

async function oneRun(appUrl: string, idp: DevIdp, login: string): Promise<Sample> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    let appPageLoads = 0;
    page.on("load", () => {
      if (page.url().startsWith(appUrl)) appPageLoads++;
    });
    await page.goto(appUrl);
    await page.getByTestId("status").filter({ hasText: "loggedOut" }).waitFor();
    await page.getByRole("button", { name: "Log in" }).click();
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', "any");
    appPageLoads = 0;
    idp.resetRequests();
    const started = performance.now();
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("secret").waitFor({ timeout: 20_000 });
    const wallMs = performance.now() - started;
    const idpRequests = Object.fromEntries(
      [DEV_CATALOGUE.loginClientId, ...dedicatedClients].map((clientId) => [
        clientId,
        {
          auth: idp.requests.filter((r) => r.clientId === clientId && r.path === "/auth").length,
          token: idp.requests.filter((r) => r.clientId === clientId && r.path === "/token").length,
        },
      ]),
    );
    const renders = Number(await page.locator("main").getAttribute("data-renders"));
    return { wallMs, appPageLoads, idpRequests, tokensInStorage: await tokensInStorage(page), renders };
  } finally {
    await browser.close();
  }
}

async function measure(mode: "same-site" | "cross-site"): Promise<Sample[]> {
  const app = await startE2eApp(fileURLToPath(new URL("./app", import.meta.url)));
  const idp = await startDevIdp({ redirectUris: [app.url], issuerHost: mode === "same-site" ? "127.0.0.1" : "localhost" });
  const vault = await startDevVault({
    jwt: {
      oidcDiscoveryUrl: idp.issuer,
      roles: { "web-app": { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_policies: ["user-secrets"] } },
    },
    corsOrigins: [new URL(app.url).origin],
    seed: (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } }),
  });
  const { dedicated } = DEV_CATALOGUE;
  app.setConfig({
    issuer: idp.issuer,
    vaultUrl: vault.url,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, prefetch: true },
      vault: { clientId: dedicated.vault.clientId, prefetch: true, expectedAudience: "vault" },
      s3: { clientId: dedicated.s3.clientId, prefetch: true },
    },
  });
  try {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await oneRun(app.url, idp, `bench${i}`));
    return samples;
  } finally {
    await Promise.all([vault.close(), idp.close(), app.close()]);
  }
}

function summarize(mode: string, samples: Sample[]) {
  const perClient = Object.fromEntries(
    Object.keys(samples[0]?.idpRequests ?? {}).map((clientId) => [
      clientId,
      `${median(samples.map((s) => s.idpRequests[clientId]?.auth ?? 0))} /auth + ${median(samples.map((s) => s.idpRequests[clientId]?.token ?? 0))} /token`,
    ]),
  );
  return {
    mode,
    wallMs: median(samples.map((s) => s.wallMs)),
    appPageLoads: median(samples.map((s) => s.appPageLoads)),
    tokensInStorage: Math.max(...samples.map((s) => s.tokensInStorage)),
    renders: median(samples.map((s) => s.renders)),
    perClient,
  };
}

const results = [summarize("same-site", await measure("same-site")), summarize("cross-site", await measure("cross-site"))];
console.log(`Journey: back from login → 3 dedicated-client tokens → Vault secret; medians of ${runs} runs each (Chromium, headless)\n`);
for (const r of results) {
  console.log(`${r.mode.padEnd(11)} wall ${r.wallMs.toFixed(0).padStart(5)} ms | full-page app loads ${r.appPageLoads} | tokens in any storage ${r.tokensInStorage} | Page renders ${r.renders}`);
  for (const [clientId, counts] of Object.entries(r.perClient)) console.log(`            ${clientId.padEnd(12)} ${counts}`);
}
const [same, cross] = results;
if (same && cross) {
  console.log(`\nratio cross-site / same-site: wall time ${(cross.wallMs / same.wallMs).toFixed(2)}x, app page loads ${cross.appPageLoads}/${same.appPageLoads}`);
}
