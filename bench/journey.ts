// Benchmark: "back from login → tokens for 3 APIs by dedicated clients → a Vault secret" in Chromium,
// with the IdP same-site (hidden iframes work) and cross-site (they can't: a redirect chain runs).
// Each mode runs two pages against the same IdP and Vault, runs interleaved: ours (bench/app) and the
// same journey written with oidc-spa the way its multiple-APIs guide shows (bench/app-oidc-spa).
// Prints medians over several runs, then ratios ours/oidc-spa and cross-site/same-site, all from this one run.
// The kit runs with its default configuration (no `prefetch`: the page's first use of each API decides), as
// issue 12 measures it; `--prefetch` puts `prefetch: true` on every dedicated client instead.
// Both pages are built for production (`vite build`) and served as static files, as apps ship; `--dev` serves them
// from Vite's dev server instead (the kit as source modules, oidc-spa pre-bundled: not a fair comparison).
// Usage: npm run bench [-- --runs 5] [-- --prefetch] [-- --dev]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../dev-server/devIdp";
import { startDevVault } from "../dev-server/vaultServer";
import { launchChromium } from "../test/e2e/support/chromium";
import { startE2eApp, type E2eAppConfig } from "../test/e2e/support/e2eApp";
import { startBuiltApp } from "./support/builtApp";
import { failureReason, secretClock, tokensInStorage, warmUp } from "./support/journeyPage";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 5;
const prefetch = process.argv.includes("--prefetch");
const devServer = process.argv.includes("--dev");
const dedicatedClients = ["myapp-todos", "myapp-vault", "myapp-s3"];
const clientIds = [DEV_CATALOGUE.loginClientId, ...dedicatedClients];
const oidcSpaVersion = (
  JSON.parse(readFileSync(new URL("../node_modules/oidc-spa/package.json", import.meta.url), "utf8")) as { version: string }
).version;

type Mode = "same-site" | "cross-site";

const phaseNames = ["landing", "discovery", "loginToken", "firstAuth", "lastAuth", "lastToken"] as const;
type PhaseName = (typeof phaseNames)[number];

interface Sample {
  wallMs: number;
  /**
   * Ms after the submit: the browser asked for the callback page (landing) and for the IdP's discovery document (first
   * time after landing); the IdP saw the login code redeemed, the first and last dedicated /auth, the last /token.
   */
  phases: Record<PhaseName, number>;
  appPageLoads: number;
  idpRequests: Record<string, { auth: number; token: number }>;
  tokens: { local: number; session: number };
  renders: number;
}

/** A run that did not reach the secret, with what the page and the IdP said. */
interface Failure {
  reason: string;
}

/** One page under test: how it is configured for an IdP and a Vault. */
interface Library {
  name: string;
  root: string;
  login: (run: number) => string;
  config: (issuer: string, vaultUrl: string) => E2eAppConfig;
}

const { dedicated } = DEV_CATALOGUE;

const libraries: Library[] = [
  {
    name: "react-oidc-apis",
    root: fileURLToPath(new URL("./app", import.meta.url)),
    login: (run) => `bench${run}`,
    config: (issuer, vaultUrl) => ({
      issuer,
      vaultUrl,
      clients: {
        app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
        todos: { clientId: dedicated.todos.clientId, ...(prefetch ? { prefetch: true } : {}) },
        vault: { clientId: dedicated.vault.clientId, expectedAudience: "vault", ...(prefetch ? { prefetch: true } : {}) },
        s3: { clientId: dedicated.s3.clientId, ...(prefetch ? { prefetch: true } : {}) },
      },
    }),
  },
  {
    name: `oidc-spa ${oidcSpaVersion}`,
    root: fileURLToPath(new URL("./app-oidc-spa", import.meta.url)),
    login: (run) => `spa${run}`,
    config: (issuer, vaultUrl) => ({
      issuerUri: issuer,
      vaultUrl,
      // oidc-spa adds "openid" itself: these make the login scope "openid profile email offline_access".
      loginClient: { clientId: DEV_CATALOGUE.loginClientId, scopes: DEV_CATALOGUE.loginScope.split(" ").filter((s) => s !== "openid") },
      apiClients: { todos: dedicated.todos.clientId, vault: dedicated.vault.clientId, s3: dedicated.s3.clientId },
    }),
  },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function oneRun(appUrl: string, idp: DevIdp, login: string): Promise<Sample | Failure> {
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message.split("\n")[0] ?? ""));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) pageErrors.push(message.text().slice(0, 200));
  });
  let appPageLoads = 0;
  let renders = 0;
  page.on("load", () => {
    if (page.url().startsWith(appUrl)) appPageLoads++;
  });
  await page.exposeBinding("benchRendered", ({ frame }) => {
    if (frame === page.mainFrame()) renders++;
  });
  await page.addInitScript(secretClock);
  // The browser's side of the clock: when the callback page and the discovery document were asked for.
  const browserRequests: { at: number; url: string; navigation: boolean }[] = [];
  page.on("request", (request) =>
    browserRequests.push({ at: Date.now(), url: request.url(), navigation: request.isNavigationRequest() && request.frame() === page.mainFrame() }),
  );
  try {
    await page.goto(appUrl);
    await page.getByTestId("status").filter({ hasText: "loggedOut" }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Log in" }).click();
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', "any");
    appPageLoads = 0;
    renders = 0;
    idp.resetRequests();
    browserRequests.length = 0;
    const started = Date.now();
    await page.locator('button[type="submit"]').click();
    await page.getByTestId("secret").waitFor({ timeout: 20_000 });
    const shownAt = Number(await page.evaluate("window.benchSecretShownAt"));
    const wallMs = (Number.isFinite(shownAt) ? shownAt : Date.now()) - started;
    const idpRequests = Object.fromEntries(
      clientIds.map((clientId) => [
        clientId,
        {
          auth: idp.requests.filter((r) => r.clientId === clientId && r.path === "/auth").length,
          token: idp.requests.filter((r) => r.clientId === clientId && r.path === "/token").length,
        },
      ]),
    );
    const tokens = await tokensInStorage(page);
    const times = (keep: (r: (typeof idp.requests)[number]) => boolean) => idp.requests.filter(keep).map((r) => r.at - started);
    const dedicatedAuth = times((r) => r.path === "/auth" && dedicatedClients.includes(r.clientId ?? ""));
    const landing = browserRequests.find((r) => r.navigation && r.url.startsWith(appUrl) && new URL(r.url).searchParams.has("code"))?.at ?? Number.NaN;
    const discovery = browserRequests.find((r) => r.at >= landing && r.url.includes("/.well-known/openid-configuration"))?.at ?? Number.NaN;
    const phases = {
      landing: landing - started,
      discovery: discovery - started,
      loginToken: Math.min(...times((r) => r.path === "/token" && r.clientId === DEV_CATALOGUE.loginClientId)),
      firstAuth: Math.min(...dedicatedAuth),
      lastAuth: Math.max(...dedicatedAuth),
      lastToken: Math.max(...times((r) => r.path === "/token")),
    };
    return { wallMs, phases, appPageLoads, idpRequests, tokens, renders };
  } catch (error) {
    return { reason: failureReason(error, page, idp, pageErrors) };
  } finally {
    await browser.close();
  }
}

async function measure(mode: Mode): Promise<Map<string, (Sample | Failure)[]>> {
  const apps = await Promise.all(libraries.map((library) => (devServer ? startE2eApp(library.root) : startBuiltApp(library.root))));
  const idp = await startDevIdp({ redirectUris: apps.map((app) => app.url), issuerHost: mode === "same-site" ? "127.0.0.1" : "localhost" });
  const vault = await startDevVault({
    jwt: {
      oidcDiscoveryUrl: idp.issuer,
      roles: { "web-app": { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_policies: ["user-secrets"] } },
    },
    corsOrigins: apps.map((app) => new URL(app.url).origin),
    seed: (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } }),
  });
  libraries.forEach((library, i) => apps[i]?.setConfig(library.config(idp.issuer, vault.url)));
  try {
    for (const app of apps) await warmUp(app.url);
    const outcomes = new Map(libraries.map((library) => [library.name, [] as (Sample | Failure)[]]));
    for (let run = 0; run < runs; run++) {
      for (const [i, library] of libraries.entries()) {
        const app = apps[i];
        if (app) outcomes.get(library.name)?.push(await oneRun(app.url, idp, library.login(run)));
      }
    }
    return outcomes;
  } finally {
    await Promise.all([vault.close(), idp.close(), ...apps.map((app) => app.close())]);
  }
}

interface Summary {
  library: string;
  mode: Mode;
  samples: number;
  failures: string[];
  wallMs: number;
  phases: Record<PhaseName, number>;
  wallRange: string;
  appPageLoads: number;
  renders: number;
  tokens: { local: number; session: number };
  perClient: string;
}

function summarize(library: string, mode: Mode, outcomes: (Sample | Failure)[]): Summary {
  const samples = outcomes.filter((o): o is Sample => !("reason" in o));
  const failures = outcomes.filter((o): o is Failure => "reason" in o).map((f) => f.reason);
  const med = (pick: (s: Sample) => number) => median(samples.map(pick));
  return {
    library,
    mode,
    samples: samples.length,
    failures,
    wallMs: med((s) => s.wallMs),
    phases: Object.fromEntries(phaseNames.map((name) => [name, med((s) => s.phases[name])])) as Record<PhaseName, number>,
    wallRange: `${Math.min(...samples.map((s) => s.wallMs)).toFixed(0)}-${Math.max(...samples.map((s) => s.wallMs)).toFixed(0)}`,
    appPageLoads: med((s) => s.appPageLoads),
    renders: med((s) => s.renders),
    // The worst run: one run that leaves tokens behind is enough to say the library does.
    tokens: {
      local: Math.max(0, ...samples.map((s) => s.tokens.local)),
      session: Math.max(0, ...samples.map((s) => s.tokens.session)),
    },
    perClient: clientIds
      .map((id) => `${med((s) => s.idpRequests[id]?.auth ?? 0)}+${med((s) => s.idpRequests[id]?.token ?? 0)}`.padEnd(6))
      .join(""),
  };
}

const modes: Mode[] = ["same-site", "cross-site"];
const summaries: Summary[] = [];
for (const mode of modes) {
  const outcomes = await measure(mode);
  for (const library of libraries) summaries.push(summarize(library.name, mode, outcomes.get(library.name) ?? []));
}

const ours = libraries[0]?.name ?? "";
const theirs = libraries[1]?.name ?? "";
const find = (library: string, mode: Mode) => summaries.find((s) => s.library === library && s.mode === mode);
const ok = (s: Summary | undefined): s is Summary => s !== undefined && s.samples > 0;
const totalTokens = (s: Summary) => s.tokens.local + s.tokens.session;
const shortClient = (id: string) => id.replace(`${DEV_CATALOGUE.loginClientId}-`, "");

console.log(`Journey: back from login → 3 dedicated-client tokens → Vault secret; medians of ${runs} runs (Chromium headless, runs interleaved, one warm-up visit per page)`);
console.log(devServer ? "pages: Vite dev server (--dev): the kit as source modules, oidc-spa pre-bundled" : "pages: production builds (vite build), served as static files");
console.log(`react-oidc-apis config: ${prefetch ? "prefetch: true on every dedicated client (--prefetch)" : "defaults (no prefetch)"}`);
console.log("wall: login form submitted → secret in the DOM (stamped by the page); app loads: full-page loads of the app after the submit");
console.log("renders: Page renders in the top window over every app load; tokens: distinct tokens left in localStorage/sessionStorage (worst run)");
console.log(`IdP a+t: /auth + /token requests per client (${clientIds.map(shortClient).join(", ")}); the login form's own /auth is before the clock starts\n`);
console.log(`${"".padEnd(20)}${"wall ms".padStart(8)}${"(min-max)".padStart(12)}${"app loads".padStart(11)}${"renders".padStart(9)}   ${"tokens (local/session)".padEnd(25)}IdP a+t: ${clientIds.map((id) => shortClient(id).padEnd(6)).join("").trimEnd()}`);
for (const mode of modes) {
  console.log(`${mode} (IdP on ${mode === "same-site" ? "127.0.0.1: hidden iframes see the session" : "localhost, app on 127.0.0.1: iframes can't see the session"})`);
  for (const library of [ours, theirs]) {
    const s = find(library, mode);
    if (!s || s.samples === 0) {
      console.log(`  ${library.padEnd(18)}could not run: ${s?.failures[0] ?? "no result"}`);
      continue;
    }
    const tokens = `${totalTokens(s)} (${s.tokens.local}/${s.tokens.session})`;
    console.log(
      `  ${library.padEnd(18)}${s.wallMs.toFixed(0).padStart(8)}${`(${s.wallRange})`.padStart(12)}${String(s.appPageLoads).padStart(11)}${String(s.renders).padStart(9)}   ${tokens.padEnd(25)}${"".padEnd(9)}${s.perClient}`.trimEnd(),
    );
    if (s.failures.length > 0) console.log(`  ${"".padEnd(18)}${s.failures.length} of ${runs} runs failed: ${s.failures[0]}`);
  }
  const a = find(ours, mode);
  const b = find(theirs, mode);
  if (ok(a) && ok(b)) {
    console.log(
      `  ours / oidc-spa:   wall ${(a.wallMs / b.wallMs).toFixed(2)}x, app loads ${a.appPageLoads}/${b.appPageLoads}, renders ${a.renders}/${b.renders}, tokens in storage ${totalTokens(a)}/${totalTokens(b)}`,
    );
  }
}
console.log("");
for (const library of [ours, theirs]) {
  const same = find(library, "same-site");
  const cross = find(library, "cross-site");
  if (ok(same) && ok(cross)) {
    console.log(
      `cross-site / same-site, ${library.padEnd(18)} wall ${(cross.wallMs / same.wallMs).toFixed(2)}x, app loads ${cross.appPageLoads}/${same.appPageLoads}`,
    );
  }
}

// Where the time goes, from the IdP's clock (same machine): medians, ms after the login form's submit.
console.log(
  "\nphases (ms after the submit; browser: callback page asked for, discovery asked for; IdP: login code redeemed, first dedicated /auth, last dedicated /auth, last /token; page: secret shown)",
);
console.log(`  ${"".padEnd(29)}${["landing", "discov", "login", "1stAuth", "lastAuth", "lastTok", "secret"].map((n) => n.padStart(9)).join("")}`);
for (const mode of modes) {
  for (const library of [ours, theirs]) {
    const s = find(library, mode);
    if (!ok(s)) continue;
    const p = s.phases;
    console.log(
      `  ${mode.padEnd(11)}${library.padEnd(18)}${phaseNames.map((name) => String(Math.round(p[name])).padStart(9)).join("")}${String(Math.round(s.wallMs)).padStart(9)}`,
    );
  }
}
