// Soak benchmark: 20-s access tokens, the kit's DEFAULT configuration, three APIs (todos by a dedicated
// client, files by an RFC 8707 resource, Vault by a dedicated client exchanged at Vault) called every 2 s
// for SOAK_MINUTES minutes (default 10) in Chromium, with oidc-spa running the same page at the same time
// against the same IdP (another user, its own APIs and Vault), in its own browser.
// Prints one table of figures side by side with ratios, and writes the raw numbers to bench/results/.
// Usage: npm run bench:soak            SOAK_MINUTES=1 npm run bench:soak (quick run)
import { openLivePage, type LivePage } from "./live/livePage";
import { num, printTable, ratio, saveResults, sourceLabel, verdict, type Row } from "./live/report";
import { soakFigures, type SoakFigures } from "./live/soakFigures";
import { startLiveWorld } from "./live/world";

const minutes = Number(process.env.SOAK_MINUTES ?? "10");
if (!(minutes > 0)) throw new Error("SOAK_MINUTES must be a positive number of minutes.");
const TTL_SECONDS = 20;
const POLL_MS = 2_000;

const log = (message: string) => process.stderr.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const source = sourceLabel();
const world = await startLiveWorld({ accessTokenTtlSeconds: TTL_SECONDS, pollMs: POLL_MS, loginPrefix: "soak" });
const pages: LivePage[] = [];
let figures: SoakFigures[] = [];
let raw: unknown[] = [];
try {
  for (const library of world.libraries) pages.push(await openLivePage(library, world.idp.issuer));
  log("logging in both pages");
  await Promise.all(pages.map((page) => page.logIn()));
  // Renders scheduled by the login's last answers land before the window opens.
  await sleep(3_000);
  await Promise.all(pages.map((page) => page.resetProbe()));
  const start = Date.now();
  log(`both pages answering; soaking ${minutes} min`);
  const end = start + minutes * 60_000;
  while (Date.now() < end) {
    await sleep(Math.min(60_000, end - Date.now()));
    const done = (Date.now() - start) / 60_000;
    log(`${done.toFixed(1)} min: IdP requests so far ${pages.map((p) => `${p.library.name} ${p.idpCalls.filter((c) => c.at >= start).length}`).join(", ")}`);
  }
  const stop = Date.now();
  const probes = await Promise.all(pages.map((page) => page.probe()));
  figures = pages.map((page, i) => soakFigures(page.library, page.idpCalls, probes[i] ?? failNoProbe(), page.pageErrors, start, stop));
  raw = pages.map((page, i) => ({
    library: page.library.name,
    idpCalls: page.idpCalls.filter((c) => c.at >= start && c.at <= stop),
    probe: probes[i],
    navigationsAway: page.navigationsAway,
    pageErrors: page.pageErrors,
  }));
} finally {
  await Promise.allSettled(pages.map((page) => page.close()));
  await world.close();
}

function failNoProbe(): never {
  throw new Error("a page lost its probe");
}

const [ours, spa] = figures;
if (!ours || !spa) throw new Error("no figures");

const rateCell = (f: SoakFigures, api: string) => {
  const rate = f.rates[api];
  return rate ? `${rate.maxPer10s} / ${num(rate.meanPer10s)}` : "n/a";
};
const rendersCell = (f: SoakFigures, api: string) => {
  const r = f.renders[api];
  if (!r) return "n/a";
  return f === spa ? `n/a (${r.total} renders)` : `${r.withNewToken}/${r.renewals} = ${num(r.withNewToken / Math.max(1, r.renewals))}`;
};
const otherCell = (f: SoakFigures, api: string) => String(f.renders[api]?.withoutNewToken ?? "n/a");
const failed = (f: SoakFigures) => Object.values(f.failedPolls).reduce((a, b) => a + b, 0);

const rows: Row[] = [
  ["API 401s (todos + files)", String(ours.api401.todos + ours.api401.files), String(spa.api401.todos + spa.api401.files), "", "0", verdict(ours.api401.todos + ours.api401.files === 0)],
  ["Vault 4xx/5xx (logins + reads)", String(ours.vaultErrors), String(spa.vaultErrors), "", "0", verdict(ours.vaultErrors === 0)],
  ["polls without a 200 (of all polls)", `${failed(ours)} of ${ours.polls}`, `${failed(spa)} of ${spa.polls}`, "", "0", verdict(failed(ours) === 0)],
];
for (const api of ["todos", "files", "vault"]) {
  const max = ours.rates[api]?.maxPer10s ?? 0;
  rows.push([`/token per 10 s, ${api} (max / mean)`, rateCell(ours, api), rateCell(spa, api), ratio(ours.rates[api]?.token ?? 0, spa.rates[api]?.token ?? 0), "<= 1", verdict(max <= 1)]);
}
if (ours.rates.app) rows.push(["/token per 10 s, login client's own token", rateCell(ours, "app"), "(is the files token)", "", "", ""]);
for (const api of ["todos", "files", "vault"]) {
  rows.push([`/token total, ${api} (+ /auth)`, `${ours.rates[api]?.token ?? 0} (+${ours.rates[api]?.auth ?? 0})`, `${spa.rates[api]?.token ?? 0} (+${spa.rates[api]?.auth ?? 0})`, ratio(ours.rates[api]?.token ?? 0, spa.rates[api]?.token ?? 0), "", ""]);
}
for (const api of ["todos", "files", "vault"]) {
  rows.push([`shortest gap between two /token, ${api} (s)`, num(ours.rates[api]?.minGapSeconds ?? Number.NaN, 1), num(spa.rates[api]?.minGapSeconds ?? Number.NaN, 1), "", "", ""]);
}
rows.push(
  ["Vault logins / upstream renewals", `${ours.vaultLogins} / ${ours.vaultUpstreamRenewals}`, `${spa.vaultLogins} / ${spa.vaultUpstreamRenewals}`, ratio(ours.vaultLogins, spa.vaultLogins), "logins <= renewals", verdict(ours.vaultLogins <= ours.vaultUpstreamRenewals)],
);
for (const api of ["todos", "files", "vault"]) {
  const r = ours.renders[api];
  const perRenewal = r ? r.withNewToken / Math.max(1, r.renewals) : Number.NaN;
  rows.push([`renders of the ${api} component per own renewal`, rendersCell(ours, api), rendersCell(spa, api), "", "<= 2", verdict(perRenewal <= 2)]);
  rows.push([`renders of the ${api} component without own renewal`, otherCell(ours, api), otherCell(spa, api), "", "0", verdict((r?.withoutNewToken ?? 1) === 0)]);
}
rows.push(
  ["page (session) component renders", String(ours.pageRenders), String(spa.pageRenders), "", "", ""],
  ["total renders", String(ours.totalRenders), String(spa.totalRenders), ratio(ours.totalRenders, spa.totalRenders), "", ""],
  ["IdP requests, all", String(ours.idpRequests), String(spa.idpRequests), ratio(ours.idpRequests, spa.idpRequests), "", ""],
  ["session changes in the window", ours.sessionChanges.join(",") || "none", spa.sessionChanges.join(",") || "none", "", "none", verdict(ours.sessionChanges.length === 0)],
  ["page errors", String(ours.pageErrors), String(spa.pageErrors), "", "", ""],
);

console.log(`Soak: ${num(ours.windowSeconds / 60, 1)} min, access tokens live ${TTL_SECONDS} s, each API called every ${POLL_MS / 1000} s, Chromium headless;`);
console.log("both libraries in the same run against the same dev IdP (separate users, browsers, sample APIs and Vaults).");
console.log("react-oidc-apis: DEFAULT config (renewBeforeExpirySeconds 30, minRenewIntervalSeconds 5), hooks useApiToken / useVaultToken.");
console.log(`kit source: ${source}\n`);
printTable(["", "react-oidc-apis", spa.library, "ours/spa", "target", "ours"], rows);
console.log("\nHow oidc-spa is measured (what it can do equivalently):");
console.log("- oidc-spa keeps one access token per client, so its files token is the login client's token (resource= on /auth and");
console.log("  every /token); ours keeps the login client's own token apart and mints files tokens from the same refresh token.");
console.log("- todos and Vault: one dedicated client each via oidc-spa/core createOidc({ autoLogin: true }), as its guide shows.");
console.log("- Vault: oidc-spa has no Vault layer; the page logs in once per upstream access token (and once more on 403) by hand.");
console.log("- oidc-spa hands tokens out at call time (getTokens), not through React state: its API components render only when");
console.log("  their own poll outcome changes, so \"renders per own renewal\" does not apply to it; its renders are all counted.");
console.log("- renewals = new token values the page observed (oidc-spa: subscribeToTokensChange / subscribeToAccessTokenRotation).");
console.log("- /token per 10 s: fixed 10-s bins from the start of the window; mean = total / (window / 10 s).");
const path = saveResults("soak", { source, minutes, ttlSeconds: TTL_SECONDS, pollMs: POLL_MS, figures, raw });
console.log(`\nRaw numbers: ${path}`);
