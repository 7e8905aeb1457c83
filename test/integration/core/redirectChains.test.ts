// Redirect chains against the real dev IdP (iframes off, as with the IdP on another site): hops, batching, deep
// links, rotation during a chain, router navigations.
import { describe, expect, it } from "vitest";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";
import { useStrategyIdp, type Api } from "./strategyIdp";

const { idp, appUrl, config } = useStrategyIdp();

describe("redirect chains when iframes can't reach the IdP session", () => {
  const prefetched = (): Partial<OidcConfig<Api>> => {
    const base = config().clients;
    return {
      sessionRestoration: "redirect",
      clients: {
        ...base,
        todos: { ...base.todos, prefetch: true },
        vault: { ...base.vault, prefetch: true },
        s3: { ...base.s3, prefetch: true },
      },
    };
  };

  it("collects one code per prefetched dedicated client in 3 hops after login and stores no token", async () => {
    const tab = new TestTab({ appUrl: `${appUrl}reports?year=2026`, iframes: false });
    const first = await tab.loadUntilSettled(config(prefetched()));
    expect(first.session.status).toBe("loggedOut");
    const navigationsBefore = tab.navigations.length;
    const { oidc, session, hops } = await tab.logIn(first.oidc, config(prefetched()), "alice", "/reports?year=2026");
    expect(session.status).toBe("loggedIn");
    expect(hops).toBe(3);
    expect(tab.navigations.length - navigationsBefore).toBe(4); // the login + 3 silent hops
    expect(tab.url).toBe(`${appUrl}reports?year=2026`);
    for (const api of ["todos", "vault", "s3"] as const) expect(oidc.getSnapshot().apis[api].status).toBe("ready");
    const stored = tab.storage.values().join("\n");
    for (const api of ["app", "todos", "vault", "s3"] as const) {
      const accessToken = oidc.getSnapshot().apis[api].accessToken;
      expect(accessToken).toBeTruthy();
      expect(stored).not.toContain(accessToken);
    }
    expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT of any kind
  });
});

describe("a slow interactive login", () => {
  it("still returns to the deep link with every prefetched token after minutes at the IdP's form", async () => {
    const base = config().clients;
    const slow: Partial<OidcConfig<Api>> = { sessionRestoration: "redirect", clients: { ...base, vault: { ...base.vault, prefetch: true } } };
    const tab = new TestTab({ appUrl: `${appUrl}secrets`, iframes: false });
    const first = await tab.loadUntilSettled(config(slow));
    const navigation = tab.nextNavigation();
    void first.oidc.login({ returnTo: "/secrets?tab=db" });
    const loginUrl = await navigation;
    tab.clockOffsetMs = 3 * 60_000; // the user reads the form, looks for a password...
    await tab.follow(loginUrl, "alice");
    const { oidc, session, hops } = await tab.loadUntilSettled(config(slow));
    expect(session.status).toBe("loggedIn");
    expect(hops).toBe(1);
    expect(tab.url).toBe(`${appUrl}secrets?tab=db`);
    expect(oidc.getSnapshot().apis.vault.status).toBe("ready");
  });
});

describe("first use without iframes", () => {
  it("batches APIs asked for together into one chain that lands on the same URL, and a reload restores them all", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    expect(loggedIn.hops).toBe(0);

    const navigation = tab.nextNavigation();
    const hopsBefore = tab.navigations.length;
    void loggedIn.oidc.getApiToken("vault");
    void loggedIn.oidc.getApiToken("s3");
    await tab.follow(await navigation);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tab.navigations.length - hopsBefore).toBe(1); // one chain for both, not one chain each
    const after = await tab.loadUntilSettled(config(redirect()));
    // The page's session crossed the hops sealed: vault and s3 only, the login client is not authorized again.
    expect(after.hops).toBe(1);
    const chainClients = tab.navigations.slice(hopsBefore).map((url) => new URL(url).searchParams.get("client_id"));
    expect(chainClients).toEqual(["myapp-vault", "myapp-s3"]);
    expect(after.oidc.getSnapshot().session.user?.sub).toBe("alice");
    expect(tab.storage.values().join("\n")).not.toMatch(/eyJ[\w-]+\.eyJ/); // nothing readable at rest
    expect(tab.url).toBe(`${appUrl}dashboard`);
    for (const api of ["vault", "s3"] as const) expect(after.oidc.getSnapshot().apis[api].status).toBe("ready");

    const navigationsBefore = tab.navigations.length;
    const reload = await tab.loadUntilSettled(config(redirect()));
    expect(tab.navigations.length - navigationsBefore).toBe(3);
    expect(reload.session.status).toBe("loggedIn");
    for (const api of ["vault", "s3"] as const) expect(reload.oidc.getSnapshot().apis[api].status).toBe("ready");
  });
});

describe("a chain that starts while a refresh is under way", () => {
  it("waits for the rotated refresh token before carrying the session: no invalid_grant afterwards", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("files"); // a refresh grant on the login's (rotating) refresh token
    void loggedIn.oidc.getApiToken("vault"); // a redirect hop, started in the same tick
    await tab.follow(await navigation);
    const after = await tab.loadUntilSettled(config(redirect()));
    idp().resetRequests();
    await after.oidc.getApiToken("notes");
    await after.oidc.getApiToken("files", { forceRefresh: true });
    expect(idp().requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(idp().requests.filter((r) => r.path === "/auth")).toEqual([]);
  });
});

describe("a router navigation that needs a redirect", () => {
  it("lands on the navigation's target (returnTo), not on the page being left", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("vault", { returnTo: `${appUrl}reports?year=2026` });
    await tab.follow(await navigation);
    const after = await tab.loadUntilSettled(config(redirect()));
    expect(tab.url).toBe(`${appUrl}reports?year=2026`);
    expect(after.oidc.getSnapshot().apis.vault.status).toBe("ready");
  });

  it("lands on the router's pending navigation (connectRouter) when the caller did not say", async () => {
    const redirect = (): Partial<OidcConfig<Api>> => ({ sessionRestoration: "redirect" });
    const tab = new TestTab({ appUrl: `${appUrl}dashboard`, iframes: false });
    const first = await tab.loadUntilSettled(config(redirect()));
    const loggedIn = await tab.logIn(first.oidc, config(redirect()), "alice", "/dashboard");
    loggedIn.oidc.navigatingTo("/notes?draft=1");
    const navigation = tab.nextNavigation();
    void loggedIn.oidc.getApiToken("s3");
    await tab.follow(await navigation);
    await tab.loadUntilSettled(config(redirect()));
    expect(tab.url).toBe(`${appUrl}notes?draft=1`);
  });
});
