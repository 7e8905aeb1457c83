// Outage matrix: the dev IdP's fault switches played against both libraries at once, in Chromium, with 20-s
// access tokens so renewals fall inside every outage, and each API called every second by its component:
//   1. IdP unreachable when the app starts (the page is reloaded into a 10-s outage),
//   2. IdP unreachable for 20 s while the app runs (renewals and expiries fall inside),
//   3. the token endpoint answering a proxy's 503 HTML page for 15 s.
// For each: IdP requests during the outage (target <= 15), seconds from its end until every API is ready and
// answering again with no user action (target <= 5), and whether the session survived. Raw numbers go to
// bench/results/. Usage: npm run bench:outages
import type { DevIdp } from "../dev-server/devIdp";
import { allAnswering, openLivePage, waitUntil, type LivePage } from "./live/livePage";
import { outageFigures, type OutageFigures } from "./live/outageFigures";
import { LIVE_APIS, type ProbeData } from "./live/probeData";
import { num, printTable, saveResults, sourceLabel, verdict, type Row } from "./live/report";
import { startLiveWorld } from "./live/world";

const TTL_SECONDS = 20;
const POLL_MS = 1_000;
const RECOVERY_WAIT_MS = 60_000;

interface Scenario {
  name: string;
  seconds: number;
  begin(idp: DevIdp, pages: LivePage[]): Promise<void>;
  end(idp: DevIdp): void;
}

const scenarios: Scenario[] = [
  {
    name: "IdP down at app start (page reloaded into the outage)",
    seconds: 10,
    begin: async (idp, pages) => {
      idp.setReachable(false);
      await Promise.all(pages.map((p) => p.open()));
    },
    end: (idp) => idp.setReachable(true),
  },
  {
    name: "IdP down during renewal",
    seconds: 20,
    begin: async (idp) => idp.setReachable(false),
    end: (idp) => idp.setReachable(true),
  },
  {
    name: "503 (proxy HTML page) on /token",
    seconds: 15,
    begin: async (idp) => idp.setTokenEndpointFailure({ status: 503, html: true }),
    end: (idp) => idp.setTokenEndpointFailure(undefined),
  },
];

const log = (message: string) => process.stderr.write(`[outages ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every API answered 200 to a call started after `since`. */
function answeringSince(data: ProbeData | undefined, since: number): boolean {
  return data !== undefined && LIVE_APIS.every((api) => data.polls.some((p) => p.api === api && p.startedAt >= since && p.status === 200));
}

/** Gets a page that did not recover by itself back to answering, as a user would: reload, then log in. */
async function bringBack(page: LivePage): Promise<string> {
  await page.open().catch(() => undefined);
  if (await waitUntil(async () => allAnswering(await page.probe().catch(() => undefined)), 30_000)) return "reload";
  await page.logIn();
  return "log in";
}

const source = sourceLabel();
const world = await startLiveWorld({ accessTokenTtlSeconds: TTL_SECONDS, pollMs: POLL_MS, loginPrefix: "outage" });
const pages: LivePage[] = [];
const results: { scenario: string; seconds: number; start: number; end: number; figures: OutageFigures[]; raw: unknown[] }[] = [];
try {
  for (const library of world.libraries) pages.push(await openLivePage(library, world.idp.issuer));
  log("logging in both pages");
  await Promise.all(pages.map((page) => page.logIn()));
  for (const scenario of scenarios) {
    await Promise.all(pages.map((page) => page.waitAllAnswering(60_000)));
    // A few renewals in steady state first, so the outage meets tokens at random points of their life.
    await sleep(8_000);
    log(`${scenario.name}: ${scenario.seconds} s`);
    const start = Date.now();
    await scenario.begin(world.idp, pages);
    await sleep(start + scenario.seconds * 1000 - Date.now());
    scenario.end(world.idp);
    const end = Date.now();
    await waitUntil(async () => {
      const probes = await Promise.all(pages.map((page) => page.probe().catch(() => undefined)));
      return probes.every((data) => answeringSince(data, end));
    }, RECOVERY_WAIT_MS);
    await sleep(1_000);
    const until = Date.now();
    const probes = await Promise.all(pages.map((page) => page.probe().catch(() => undefined)));
    const actions = await Promise.all(pages.map((page, i) => (answeringSince(probes[i], end) ? Promise.resolve("none") : bringBack(page))));
    const figures = pages.map((page, i) =>
      outageFigures({
        library: page.library.name,
        kind: page.library.kind,
        calls: page.idpCalls,
        probe: probes[i] ?? { since: start, renders: {}, tokens: {}, statuses: {}, session: [], polls: [], skippedPolls: {} },
        navigationsAway: page.navigationsAway,
        start,
        end,
        until,
        userActionNeeded: actions[i] ?? "none",
      }),
    );
    results.push({
      scenario: scenario.name,
      seconds: scenario.seconds,
      start,
      end,
      figures,
      raw: pages.map((page, i) => ({
        library: page.library.name,
        idpCalls: page.idpCalls.filter((c) => c.at >= start - 5_000 && c.at <= until),
        polls: probes[i]?.polls.filter((p) => p.startedAt >= start - 5_000 && p.startedAt <= until),
        statuses: probes[i]?.statuses,
        session: probes[i]?.session,
        pageErrors: page.pageErrors.filter((e) => e.at >= start && e.at <= until),
      })),
    });
    world.idp.resetFaults();
  }
} finally {
  world.idp.resetFaults();
  await Promise.allSettled(pages.map((page) => page.close()));
  await world.close();
}

const seconds = (value: number) => (Number.isNaN(value) ? `> ${RECOVERY_WAIT_MS / 1000}` : num(value, 1));
const paths = (byPath: Record<string, number>) =>
  Object.entries(byPath)
    .map(([path, n]) => `${path.replace("/.well-known/openid-configuration", "discovery")} ${n}`)
    .join(", ") || "-";

console.log(`Outage matrix: access tokens live ${TTL_SECONDS} s, each API (todos, files, Vault) called every ${POLL_MS / 1000} s, Chromium headless;`);
console.log("both libraries in the same run against the same dev IdP and the same outage (separate users, browsers, APIs, Vaults).");
console.log("react-oidc-apis: default config. Requests = every request the browser sent to the IdP (answered or not, iframes included).");
console.log(`kit source: ${source}\n`);
for (const result of results) {
  console.log(`${result.scenario}, ${result.seconds} s`);
  const rows: Row[] = [];
  for (const f of result.figures) {
    const ours = f.library === "react-oidc-apis";
    rows.push([
      f.library,
      `${f.requestsDuring} ${verdict(f.requestsDuring <= 15)}`,
      ours ? `${seconds(f.statusReadySeconds)} ${verdict(f.statusReadySeconds <= 5)}` : "n/a",
      `${seconds(f.answeringSeconds)} ${verdict(f.answeringSeconds <= 5)}`,
      seconds(f.firstRequestAfterSeconds),
      f.sessionSurvived ? "yes" : "NO",
      f.userActionNeeded,
    ]);
  }
  printTable(["", "IdP req. during (<=15)", "all ready s (<=5)", "all answer 200 s (<=5)", "1st IdP req. after s", "session kept", "user action"], rows);
  for (const f of result.figures) {
    console.log(`  ${f.library}: during: ${paths(f.requestsDuringByPath)}; 200 after (s): ${LIVE_APIS.map((api) => `${api} ${seconds(f.answeringSecondsByApi[api] ?? Number.NaN)}`).join(", ")}`);
    console.log(`    session: ${f.sessionStatuses.join(" > ") || "-"}; poll errors: ${Object.entries(f.pollErrors).map(([k, n]) => `${k} x${n}`).join(", ") || "none"}${f.navigationsAway.length ? `; page navigated by itself ${f.navigationsAway.length}x, first to ${f.navigationsAway[0]}` : ""}`);
  }
  console.log("");
}
console.log("all ready: every API's token status `ready` (the kit's own states: todos, files, the Vault token); oidc-spa has no");
console.log("token status, so only the calls count for it. all answer 200: the first call of each API started after the outage");
console.log(`ended got a 200 (calls are ${POLL_MS / 1000} s apart, so this includes up to ${POLL_MS / 1000} s of waiting for the next call).`);
console.log("session kept: never loggedOut, no full-page navigation of its own (reload, redirect to the IdP, error page),");
console.log("logged in at the end, all without user action. user action: what the bench had to do afterwards to get the page");
console.log("back (reload, log in); none = it recovered by itself.");
const path = saveResults("outages", { source, ttlSeconds: TTL_SECONDS, pollMs: POLL_MS, results });
console.log(`\nRaw numbers: ${path}`);
