// Scenarios a, b, d and e of the tabs bench (c, the long renewal run, is in renewal.ts). Each takes a started world
// and returns plain figures; bench/tabs.ts prints them.
import type { Page } from "playwright-core";
import { heldTokens, logIn, openProfile, recordFrames, rowStatuses, rowsReady, stamps, statusReached, type ProbedPage } from "./probe";
import { countByApi, oursConfig, spaConfig, type TabsWorld } from "./world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `expression` in the page until it is truthy, through reloads and redirects; false on timeout. */
async function pollPage(page: Page, expression: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await page.evaluate(expression)) return true;
    } catch {
      // The page is between documents (a hop): ask again.
    }
    await sleep(25);
  }
  return false;
}

/** a. A dedicated client first used 2 s after the app rendered, cross-site: what the chain costs and where it lands. */
export async function lateFirstUse(world: TabsWorld) {
  world.ours.setConfig(oursConfig(world.idp.issuer, ["todos", "vault", "s3"], ["todos", "s3"]));
  const profile = await openProfile(2);
  try {
    const tab = await profile.open();
    const url = `${world.ours.url}?view=late&draft=1`;
    await logIn(tab, url, "late-user");
    await rowsReady(tab.page);
    await sleep(2000);
    world.idp.resetRequests();
    const loadsBefore = tab.appLoads();
    const urlBefore = tab.page.url();
    const started = Date.now();
    await tab.page.evaluate("window.benchShow('vault')");
    const landed = await pollPage(
      tab.page,
      "window.oidc && ['todos', 'vault', 's3'].every((api) => window.oidc.getSnapshot().apis[api].status === 'ready')",
      30_000,
    );
    const ms = Date.now() - started;
    const urlAfter = tab.page.url();
    return {
      landed,
      ms,
      appLoads: tab.appLoads() - loadsBefore,
      urlBefore,
      urlAfter,
      sameUrl: urlBefore === urlAfter,
      perApi: countByApi(world.idp.requests),
    };
  } finally {
    await profile.close();
  }
}

/** b. A new tab of a logged-in app: IdP requests it made and when its tokens were ready. */
export async function newTab(world: TabsWorld, library: "ours" | "oidc-spa") {
  const apis = ["todos", "vault", "s3"];
  const url = library === "ours" ? world.ours.url : world.spa.url;
  if (library === "ours") world.ours.setConfig(oursConfig(world.idp.issuer, apis, apis));
  else world.spa.setConfig(spaConfig(world.idp.issuer, apis));
  const profile = await openProfile(apis.length);
  try {
    const first = await profile.open();
    await logIn(first, url, `newtab-${library}`);
    await rowsReady(first.page);
    await sleep(500);
    world.idp.resetRequests();
    const second = await profile.open();
    const idpOrigin = new URL(world.idp.issuer).origin;
    const idpCalls: string[] = [];
    second.page.on("request", (request) => {
      if (new URL(request.url()).origin === idpOrigin) idpCalls.push(new URL(request.url()).pathname);
    });
    const frames = recordFrames(second.page);
    const navigated = Date.now();
    await second.page.goto(url);
    await rowsReady(second.page);
    const wallMs = Date.now() - navigated; // across every page load (stamps restart with each load); ±20 ms polling
    const s = await stamps(second.page);
    return {
      idpRequestsByNewTab: idpCalls.length,
      idpPaths: idpCalls,
      idpLogged: countByApi(world.idp.requests),
      appLoads: second.appLoads(),
      wallMs,
      readyFromNavigation: s.ready,
      readyFromFirstRender: s.ready !== undefined && s.firstRender !== undefined ? s.ready - s.firstRender : undefined,
      readyFromKitStart: s.ready !== undefined && s.kitStart !== undefined ? s.ready - s.kitStart : undefined,
      frames: frames().map((f) => ({ requests: f.urls.length, cancelled: f.failed })),
    };
  } finally {
    await profile.close();
  }
}

/** d. Logout in tab 1 of 3: when each other tab showed `loggedOut`, and the tokens it still held then. */
export async function logoutReach(world: TabsWorld, library: "ours" | "oidc-spa") {
  const apis = library === "ours" ? ["todos", "files"] : ["todos"];
  const url = library === "ours" ? world.ours.url : world.spa.url;
  if (library === "ours") world.ours.setConfig(oursConfig(world.idp.issuer, apis, apis));
  else world.spa.setConfig(spaConfig(world.idp.issuer, apis));
  const profile = await openProfile(apis.length);
  try {
    const tabs: ProbedPage[] = [await profile.open()];
    await logIn(tabs[0]!, url, `logout-${library}`);
    await rowsReady(tabs[0]!.page);
    for (let i = 1; i < 3; i++) {
      const tab = await profile.open();
      await tab.page.goto(url);
      await rowsReady(tab.page);
      tabs.push(tab);
    }
    await sleep(500);
    const clicked = Date.now();
    void tabs[0]!.page.getByRole("button", { name: "Log out" }).click().catch(() => undefined);
    const others = [];
    for (const tab of tabs.slice(1)) {
      const at = await statusReached(tab, "loggedOut", clicked, 10_000);
      let tokensLeft: number | string = "?";
      try {
        tokensLeft = library === "ours" ? await heldTokens(tab.page) : Object.values(await rowStatuses(tab.page)).filter((s) => s === "ready").length;
      } catch {
        tokensLeft = "page navigating";
      }
      others.push({ ms: at === undefined ? undefined : at - clicked, tokensLeft, statuses: tab.statuses.filter((e) => e.at >= clicked).map((e) => e.status) });
    }
    return { others };
  } finally {
    await profile.close();
  }
}

/** e. The requests one silent iframe renewal makes (same-site), with or without `silentRedirectUri`. */
export async function silentRenewal(world: TabsWorld, withSilentPage: boolean) {
  const extra = withSilentPage ? { silentRedirectUri: `${world.ours.url}silent.html` } : {};
  world.ours.setConfig(oursConfig(world.idp.issuer, ["todos"], [], extra));
  const profile = await openProfile(0);
  try {
    const tab = await profile.open();
    await logIn(tab, world.ours.url, `silent-${withSilentPage ? "page" : "app"}`);
    await sleep(300);
    world.idp.resetRequests();
    const stop = recordFrames(tab.page);
    const parentIdp: string[] = [];
    tab.page.on("request", (request) => {
      if (request.frame() === tab.page.mainFrame() && request.url().startsWith(world.idp.issuer)) parentIdp.push(new URL(request.url()).pathname);
    });
    const detached = tab.page.waitForEvent("framedetached", { timeout: 15_000 });
    const token = (await tab.page.evaluate("window.oidc.getApiToken('todos')")) as string;
    await detached.catch(() => undefined);
    await sleep(300);
    const frames = stop();
    return {
      gotToken: token.startsWith("eyJ"),
      frames: frames.map((f) => ({ requests: f.urls.length, cancelled: f.failed, paths: f.urls.map((u) => new URL(u).pathname) })),
      parentIdpRequests: parentIdp,
    };
  } finally {
    await profile.close();
  }
}
