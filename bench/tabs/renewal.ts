// c. Five tabs × three APIs (resource, scope, dedicated) with 20-s access tokens against one IdP, beside a single tab
// against its own IdP over the same minutes; the renewing tab (the one that sent the /token requests) is closed
// halfway. Every 500 ms each tab's rows are read: any API not `ready` is a gap.
import type { IdpRequest } from "../../dev-server/devIdp";
import { logIn, openProfile, rowStatuses, rowsReady, type ProbedPage } from "./probe";
import { countByApi, oursConfig, startTabsWorld } from "./world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const APIS = ["files", "notes", "todos"];

/** A sample where an API of an open tab was not `ready`. */
interface Gap {
  tab: string;
  api: string;
  status: string;
  atSeconds: number;
}

const invalidGrants = (requests: IdpRequest[]) => requests.filter((r) => r.error === "invalid_grant");

/** Runs the five-tab and the single-tab sessions side by side for `minutes`. */
export async function renewalRun(minutes: number, tabCount = 5) {
  const [multi, single] = await Promise.all([startTabsWorld("same-site", 20), startTabsWorld("same-site", 20)]);
  const multiProfile = await openProfile(APIS.length);
  const singleProfile = await openProfile(APIS.length);
  try {
    for (const world of [multi, single]) world.ours.setConfig(oursConfig(world.idp.issuer, APIS, APIS));
    const tabs: ProbedPage[] = [await multiProfile.open()];
    await logIn(tabs[0]!, multi.ours.url, "renew-multi");
    await rowsReady(tabs[0]!.page);
    for (let i = 1; i < tabCount; i++) {
      const tab = await multiProfile.open();
      await tab.page.goto(multi.ours.url);
      await rowsReady(tab.page);
      tabs.push(tab);
    }
    const lone = await singleProfile.open();
    await logIn(lone, single.ours.url, "renew-single");
    await rowsReady(lone.page);
    await sleep(1000);
    multi.idp.resetRequests();
    single.idp.resetRequests();
    const tokenBase = tabs.map((t) => t.tokenRequests());
    const started = Date.now();
    const duration = minutes * 60_000;
    const closeAt = started + duration / 2;
    let closed: { tab: number; atSeconds: number; tokenRequestsByTab: number[] } | undefined;
    const gaps: Gap[] = [];
    let samples = 0;
    const open = new Set(tabs.map((_, i) => i));
    for (let tick = 0; Date.now() < started + duration; tick++) {
      if (!closed && Date.now() >= closeAt) {
        const byTab = tabs.map((t, i) => t.tokenRequests() - (tokenBase[i] ?? 0));
        const leader = byTab.indexOf(Math.max(...byTab));
        closed = { tab: leader + 1, atSeconds: (Date.now() - started) / 1000, tokenRequestsByTab: byTab };
        open.delete(leader);
        await tabs[leader]!.page.close();
      }
      const probes: [string, ProbedPage][] = [...[...open].map((i): [string, ProbedPage] => [`tab ${i + 1}`, tabs[i]!]), ["single", lone]];
      await Promise.all(
        probes.map(async ([name, probe]) => {
          const rows = await rowStatuses(probe.page).catch(() => ({}) as Record<string, string>);
          samples++;
          for (const api of APIS) {
            const status = rows[api] ?? "absent";
            if (status !== "ready") gaps.push({ tab: name, api, status, atSeconds: (Date.now() - started) / 1000 });
          }
        }),
      );
      const next = started + (tick + 1) * 500;
      await sleep(Math.max(0, next - Date.now()));
    }
    const closedAtMs = started + (closed?.atSeconds ?? 0) * 1000;
    const multiRequests = [...multi.idp.requests];
    const singleRequests = [...single.idp.requests];
    return {
      minutes,
      tabs: tabCount,
      samples,
      perApi: { multi: countByApi(multiRequests), single: countByApi(singleRequests) },
      invalidGrant: {
        multiBeforeClose: invalidGrants(multiRequests).filter((r) => r.at < closedAtMs).length,
        multiAfterClose: invalidGrants(multiRequests).filter((r) => r.at >= closedAtMs).length,
        single: invalidGrants(singleRequests).length,
      },
      otherErrors: [...multiRequests, ...singleRequests].filter((r) => r.error && r.error !== "invalid_grant").map((r) => `${r.path} ${r.error}`),
      closed,
      tokenRequestsByTabAfterClose: tabs.map((t, i) => (open.has(i) ? t.tokenRequests() - (tokenBase[i] ?? 0) - (closed?.tokenRequestsByTab[i] ?? 0) : undefined)),
      gaps: {
        multiBeforeClose: gaps.filter((g) => g.tab !== "single" && g.atSeconds * 1000 + started < closedAtMs),
        multiAfterClose: gaps.filter((g) => g.tab !== "single" && g.atSeconds * 1000 + started >= closedAtMs),
        single: gaps.filter((g) => g.tab === "single"),
      },
    };
  } finally {
    await Promise.allSettled([multiProfile.close(), singleProfile.close()]);
    await Promise.allSettled([multi.close(), single.close()]);
  }
}
