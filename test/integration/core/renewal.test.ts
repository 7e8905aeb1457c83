import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5998/";
let idp: DevIdp;

type Api = "app" | "vault" | "files";
const config = (): OidcConfig<Api> => ({
  issuer: idp.issuer,
  renewBeforeExpirySeconds: 4,
  minRenewIntervalSeconds: 0,
  clients: {
    app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
    vault: { clientId: DEV_CATALOGUE.dedicated.vault.clientId },
    files: { clientId: "myapp", resource: DEV_CATALOGUE.resources.files.resource, scope: DEV_CATALOGUE.resources.files.scope },
  },
});

beforeAll(async () => {
  // Tokens live 5 s and are renewed 4 s early: a renewal is due about a second after each token arrives.
  idp = await startDevIdp({ redirectUris: [appUrl], accessTokenTtlSeconds: 5 });
});
afterAll(async () => {
  await idp?.close();
});

describe("proactive renewal", () => {
  it("renews each used token before it expires, without the app asking", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const { oidc: first } = await tab.loadUntilSettled(config());
    const { oidc } = await tab.logIn(first, config());
    const vaultToken = await oidc.getApiToken("vault");
    const filesToken = await oidc.getApiToken("files");
    idp.resetRequests();
    await expect
      .poll(() => oidc.getSnapshot().apis.vault.accessToken !== vaultToken && oidc.getSnapshot().apis.files.accessToken !== filesToken, {
        timeout: 5_000,
        interval: 100,
      })
      .toBe(true);
    // Both renewals went through the refresh token: no silent /auth, no error, and the session stays.
    expect(idp.requests.filter((r) => r.path === "/auth")).toEqual([]);
    expect(idp.requests.filter((r) => r.path === "/token" && r.grantType === "refresh_token").length).toBeGreaterThanOrEqual(2);
    expect(idp.requests.filter((r) => r.error !== undefined)).toEqual([]);
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
    // An API that was never asked for is not renewed behind the app's back.
    expect(oidc.getSnapshot().apis.app.obtainedAt).toBeDefined();
    expect(idp.requests.filter((r) => r.clientId === "myapp" && r.resource === undefined && r.scope === undefined)).toEqual([]);
  });

  it("serves a fresh token to a caller that arrives after expiry", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const { oidc: first } = await tab.loadUntilSettled({ ...config(), renewBeforeExpirySeconds: 0 });
    const { oidc } = await tab.logIn(first, { ...config(), renewBeforeExpirySeconds: 0 });
    const before = await oidc.getApiToken("files");
    const expiresAt = oidc.getSnapshot().apis.files.expiresAt ?? 0;
    await new Promise((r) => setTimeout(r, Math.max(0, expiresAt - Date.now() + 50)));
    const after = await oidc.getApiToken("files");
    expect(after).not.toBe(before);
    expect(oidc.getSnapshot().apis.files.expiresAt ?? 0).toBeGreaterThan(Date.now());
  });
});

describe("an IdP outage", () => {
  it("shows idp_unreachable, then recovers by itself when the IdP is back, with no call from the app", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const { oidc: first } = await tab.loadUntilSettled({ ...config(), renewBeforeExpirySeconds: 0 });
    const { oidc } = await tab.logIn(first, { ...config(), renewBeforeExpirySeconds: 0 });
    const before = await oidc.getApiToken("files");
    idp.setReachable(false);
    try {
      await expect(oidc.getApiToken("files", { forceRefresh: true })).rejects.toMatchObject({ code: "idp_unreachable", api: "files" });
      expect(oidc.getSnapshot().apis.files.error?.code).toBe("idp_unreachable");
    } finally {
      idp.setReachable(true);
    }
    await expect
      .poll(() => oidc.getSnapshot().apis.files, { timeout: 4_000, interval: 100 })
      .toMatchObject({ status: "ready", error: undefined });
    expect(oidc.getSnapshot().apis.files.accessToken).not.toBe(before);
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
  });
});
