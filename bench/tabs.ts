// Benchmark: one Chromium profile, several tabs of the app (issue 12's tab and chain figures), beside oidc-spa where
// it has the feature. a. late first use of a dedicated client cross-site; b. a new tab of a logged-in app; c. 5 tabs ×
// 3 APIs with 20-s tokens for TABS_MINUTES (default 5), the renewing tab closed halfway; d. logout reaching the other
// tabs; e. the requests of one silent iframe renewal. Prints each section as it ends; raw JSON to bench/results/.
// Usage: npm run bench:tabs   (TABS_MINUTES=1 for a quick run; TABS_ONLY=a,b,d,e,c to pick sections)
import { mkdirSync, writeFileSync } from "node:fs";
import { renewalRun } from "./tabs/renewal";
import { lateFirstUse, logoutReach, newTab, silentRenewal } from "./tabs/scenarios";
import { oidcSpaVersion, startTabsWorld, type Mode } from "./tabs/world";

const minutes = Number(process.env.TABS_MINUTES ?? 5) || 5;
const only = new Set((process.env.TABS_ONLY ?? "a,b,d,e,c").split(","));
const spa = `oidc-spa ${oidcSpaVersion}`;
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), minutes };
const stampName = new Date().toISOString().replace(/[:.]/g, "-");
const resultsDir = new URL("./results/", import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const save = () => writeFileSync(new URL(`tabs-${stampName}.json`, resultsDir), JSON.stringify(results, null, 2));
const ms = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(0)} ms`);
const flag = (ok: boolean) => (ok ? "ok" : "MISSED");
const at = (perApi: Record<string, { auth: number; token: number }>, api: string) => `${perApi[api]?.auth ?? 0}+${perApi[api]?.token ?? 0}`;

async function withWorld<T>(mode: Mode, run: (world: Awaited<ReturnType<typeof startTabsWorld>>) => Promise<T>, ttl?: number): Promise<T> {
  const world = await startTabsWorld(mode, ttl);
  try {
    return await run(world);
  } finally {
    await world.close();
  }
}

async function section(name: string, run: () => Promise<void>): Promise<void> {
  if (!only.has(name)) return;
  try {
    await run();
  } catch (error) {
    results[`${name}-error`] = String(error);
    console.log(`  section ${name} failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
  }
  save();
}

console.log("Tabs bench (Chromium headless, one profile per scenario, several pages; dev IdP; app on 127.0.0.1)\n");

await section("a", async () => {
  const a = await withWorld("cross-site", lateFirstUse);
  results.a = a;
  console.log("a. Late first use, cross-site (IdP on localhost): rows todos+s3 ready, 2 s later the page starts using vault");
  console.log(`   landed with all 3 tokens: ${a.landed}, in ${ms(a.ms)}; full-page loads ${a.appLoads} (target 1: one chain)`);
  console.log(`   URL before ${a.urlBefore}\n   URL after  ${a.urlAfter}  same: ${a.sameUrl}`);
  console.log(`   IdP /auth+/token per API: app ${at(a.perApi, "app")}, todos ${at(a.perApi, "todos")}, s3 ${at(a.perApi, "s3")}, vault ${at(a.perApi, "vault")}  (target: vault 1+1, others 0+0)`);
  const refetched = ["app", "todos", "s3"].filter((api) => (a.perApi[api]?.auth ?? 0) + (a.perApi[api]?.token ?? 0) > 0);
  console.log(`   ${flag(a.landed && a.sameUrl && a.appLoads === 1 && refetched.length === 0 && at(a.perApi, "vault") === "1+1")}${refetched.length ? `: fetched again: ${refetched.join(", ")}` : ""}`);
  console.log(`   ${spa}: not measured (its page has no late-use hook; each dedicated client is its own createOidc with autoLogin)\n`);
});

await section("b", async () => {
  const rows: [string, string, Awaited<ReturnType<typeof newTab>>][] = [];
  for (const mode of ["same-site", "cross-site"] as Mode[]) {
    await withWorld(mode, async (world) => {
      rows.push([mode, "react-oidc-apis", await newTab(world, "ours")]);
      rows.push([mode, spa, await newTab(world, "oidc-spa")]);
    });
  }
  results.b = rows.map(([mode, library, r]) => ({ mode, library, ...r }));
  console.log("b. New tab of a logged-in app (login + 3 dedicated APIs): IdP requests made by the new tab, time to all 3 rows ready");
  console.log("   wall: Node clock, goto → all rows ready over every load; from nav / 1st render / kit start: the last load's performance.now() stamps");
  console.log(`   ${"".padEnd(11)}${"library".padEnd(18)}${"IdP reqs".padStart(9)}${"app loads".padStart(10)}${"wall".padStart(9)}${"ready: from nav".padStart(17)}${"from 1st render".padStart(17)}${"from kit start".padStart(16)}  frames (requests/cancelled)`);
  for (const [mode, library, r] of rows) {
    console.log(
      `   ${mode.padEnd(11)}${library.padEnd(18)}${String(r.idpRequestsByNewTab).padStart(9)}${String(r.appLoads).padStart(10)}${ms(r.wallMs).padStart(9)}${ms(r.readyFromNavigation).padStart(17)}${ms(r.readyFromFirstRender).padStart(17)}${ms(r.readyFromKitStart).padStart(16)}  ${r.frames.map((f) => `${f.requests}/${f.cancelled}`).join(" ") || "none"}`,
    );
  }
  for (const [mode, library, r] of rows.filter(([, l]) => l === "react-oidc-apis")) {
    console.log(`   ${mode} ours: ${flag(r.idpRequestsByNewTab === 0)} 0 IdP requests; ${flag((r.readyFromKitStart ?? Infinity) <= 100)} ready ≤ 100 ms after the kit starts (${library})`);
  }
  console.log("");
});

await section("d", async () => {
  const rows = await withWorld("same-site", async (world) => [
    ["react-oidc-apis", await logoutReach(world, "ours")] as const,
    [spa, await logoutReach(world, "oidc-spa")] as const,
  ]);
  results.d = rows.map(([library, r]) => ({ library, ...r }));
  console.log("d. Logout in tab 1 of 3 (same-site): time from the click until each other tab shows loggedOut; tokens it still holds then");
  for (const [library, r] of rows) {
    const cells = r.others.map((o, i) => `tab ${i + 2}: ${ms(o.ms)}, ${o.tokensLeft} tokens [${o.statuses.join(" → ")}]`);
    const worst = Math.max(...r.others.map((o) => o.ms ?? Infinity));
    console.log(`   ${library.padEnd(18)}${cells.join("; ")}  ${library === "react-oidc-apis" ? flag(worst <= 1000 && r.others.every((o) => o.tokensLeft === 0)) : ""}`);
  }
  console.log("");
});

await section("e", async () => {
  const rows = await withWorld("same-site", async (world) => [
    ["redirectUri (the app page)", await silentRenewal(world, false)] as const,
    ["silentRedirectUri (static)", await silentRenewal(world, true)] as const,
  ]);
  results.e = rows.map(([variant, r]) => ({ variant, ...r }));
  console.log("e. One silent iframe renewal (same-site, Vite dev page): requests made by the frame; the parent's own IdP requests");
  for (const [variant, r] of rows) {
    const frame = r.frames[0];
    console.log(
      `   ${variant.padEnd(28)} token ${r.gotToken}; frames ${r.frames.length}; frame requests ${frame?.requests ?? "—"} (cancelled ${frame?.cancelled ?? "—"}): ${frame?.paths.join(" ") ?? ""}; parent → IdP: ${r.parentIdpRequests.join(" ") || "none"}  ${flag((frame?.requests ?? Infinity) <= 3)}`,
    );
  }
  console.log(`   ${spa}: its silent iframes load the app page with oidcEarlyInit; see the frames column of b (same-site) for its requests per frame\n`);
});

await section("c", async () => {
  console.log(`c. 5 tabs × 3 APIs (files: resource, notes: scope, todos: dedicated), 20-s tokens, ${minutes} min, beside 1 tab on its own IdP ...`);
  const c = await renewalRun(minutes);
  results.c = c;
  console.log(`   samples every 500 ms: ${c.samples}; leader closed: tab ${c.closed?.tab} at ${c.closed?.atSeconds.toFixed(0)} s (top-frame /token by tab before: ${c.closed?.tokenRequestsByTab.join(", ")})`);
  console.log(`   ${"API".padEnd(8)}${"5 tabs a+t".padStart(12)}${"1 tab a+t".padStart(12)}${"/token ratio".padStart(14)}`);
  for (const api of ["app", "files", "notes", "todos"]) {
    const m = c.perApi.multi[api]?.token ?? 0;
    const s = c.perApi.single[api]?.token ?? 0;
    console.log(`   ${api.padEnd(8)}${at(c.perApi.multi, api).padStart(12)}${at(c.perApi.single, api).padStart(12)}${(s ? `${(m / s).toFixed(2)}x` : "—").padStart(14)}  ${api === "app" ? "" : flag(s > 0 && m / s <= 1.2)}`);
  }
  console.log(`   invalid_grant: 5 tabs before close ${c.invalidGrant.multiBeforeClose}, after close ${c.invalidGrant.multiAfterClose}; single ${c.invalidGrant.single}  ${flag(c.invalidGrant.multiBeforeClose + c.invalidGrant.multiAfterClose === 0)}`);
  console.log(`   other IdP errors: ${c.otherErrors.length ? c.otherErrors.join(", ") : "none"}`);
  console.log(`   /token by surviving tab after the close: ${c.tokenRequestsByTabAfterClose.map((n, i) => `tab ${i + 1} ${n ?? "closed"}`).join(", ")}`);
  const describe = (gaps: { tab: string; api: string; status: string; atSeconds: number }[]) =>
    gaps.length ? `${gaps.length} (${gaps.slice(0, 4).map((g) => `${g.tab} ${g.api} ${g.status} @${g.atSeconds.toFixed(1)}s`).join("; ")})` : "0";
  console.log(`   samples with an API not ready: 5 tabs before close ${describe(c.gaps.multiBeforeClose)}`);
  console.log(`   after close ${describe(c.gaps.multiAfterClose)}; single tab ${describe(c.gaps.single)}  ${flag(c.gaps.multiBeforeClose.length + c.gaps.multiAfterClose.length === 0)}`);
  console.log(`   ${spa}: not run (no token sharing between tabs: every tab renews its own clients; it has no leader tab)\n`);
});

save();
console.log(`raw: bench/results/tabs-${stampName}.json`);
