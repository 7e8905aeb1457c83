// What the kit adds to its requests on the app's behalf, against the dev IdP (oidc-provider): the id_token_hint of
// silent requests per client, extra authorization and token parameters, and the protocol parameters it refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { createOidc } from "../../../src/core/createOidc";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import type { ApiClientConfig, OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5997/";
let idp: DevIdp;

type Api = "app" | "vault" | "files";
type Config = Omit<OidcConfig<Api>, "environment">;

function config(overrides: { app?: Partial<ApiClientConfig>; vault?: Partial<ApiClientConfig>; files?: Partial<ApiClientConfig> } = {}): Config {
  const { dedicated, resources } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    minRenewIntervalSeconds: 0,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope, ...overrides.app },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, ...overrides.vault },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope, ...overrides.files },
    },
  };
}

async function loggedInTab(cfg: Config) {
  const tab = new TestTab({ appUrl, iframes: true });
  const first = await tab.loadUntilSettled(cfg);
  const after = await tab.logIn(first.oidc, cfg);
  expect(after.session.status).toBe("loggedIn");
  return { tab, ...after };
}

const hintOf = (url: string | undefined) => new URL(url ?? "http://x/").searchParams.get("id_token_hint");
const audOfHint = (url: string | undefined) => decodeJwtPayload(hintOf(url))?.aud;

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl] });
});
afterAll(async () => {
  await idp?.close();
});

describe("id_token_hint on silent requests", () => {
  it("sends each client's own last ID token, and none for a client that has none yet", async () => {
    const { tab, oidc } = await loggedInTab(config());
    idp.resetRequests();
    await oidc.getApiToken("vault");
    expect(hintOf(tab.iframeRequests.at(-1))).toBeNull();
    // With its refresh token gone, the vault client re-authorizes silently: now it has an ID token of its own.
    idp.revokeRefreshTokens(DEV_CATALOGUE.dedicated.vault.clientId);
    await oidc.getApiToken("vault", { forceRefresh: true });
    expect(audOfHint(tab.iframeRequests.at(-1))).toBe(DEV_CATALOGUE.dedicated.vault.clientId);
    // The login client's silent request names the login's ID token.
    idp.revokeRefreshTokens(DEV_CATALOGUE.loginClientId);
    await oidc.getApiToken("files", { forceRefresh: true });
    expect(audOfHint(tab.iframeRequests.at(-1))).toBe(DEV_CATALOGUE.loginClientId);
    expect(idp.requests.filter((r) => r.path === "/auth" && r.error !== undefined)).toEqual([]);
  });

  it('with idTokenHint "login", sends the login\'s ID token, which oidc-provider refuses: idp_refused saying to use "own"', async () => {
    const { tab, oidc } = await loggedInTab(config({ vault: { idTokenHint: "login" } }));
    const failure = await oidc.getApiToken("vault").catch((error: unknown) => error);
    expect(audOfHint(tab.iframeRequests.at(-1))).toBe(DEV_CATALOGUE.loginClientId);
    expect(failure).toMatchObject({ code: "idp_refused", api: "vault", idpError: "invalid_request", idpErrorDescription: "could not validate id_token_hint" });
    expect((failure as Error).message).toContain('set clients.vault.idTokenHint to "own"');
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
  });

  it('with idTokenHint "none", sends no hint even when the client holds an ID token', async () => {
    const { tab, oidc } = await loggedInTab(config({ app: { idTokenHint: "none" } }));
    idp.revokeRefreshTokens(DEV_CATALOGUE.loginClientId);
    await oidc.getApiToken("files", { forceRefresh: true });
    expect(new URL(tab.iframeRequests.at(-1)!).searchParams.get("client_id")).toBe(DEV_CATALOGUE.loginClientId);
    expect(hintOf(tab.iframeRequests.at(-1))).toBeNull();
  });
});

describe("extra parameters", () => {
  it("adds the client's and the login call's parameters to the authorization request; the call's win", async () => {
    const cfg = config({ app: { extraAuthorizeParams: { ui_locales: "fr", acr_values: "loa1", kc_idp_hint: "corp" } } });
    const tab = new TestTab({ appUrl, iframes: true });
    const { oidc } = await tab.loadUntilSettled(cfg);
    // The client's parameters go with silent requests too.
    expect(new URL(tab.iframeRequests.at(-1)!).searchParams.get("ui_locales")).toBe("fr");
    const navigation = tab.nextNavigation();
    void oidc.login({ returnTo: "/after", params: { prompt: "login", login_hint: "bob", max_age: "0", ui_locales: "de" } });
    const url = new URL(await navigation);
    expect(Object.fromEntries(["prompt", "login_hint", "max_age", "ui_locales", "acr_values", "kc_idp_hint"].map((p) => [p, url.searchParams.get(p)]))).toEqual({
      prompt: "login",
      login_hint: "bob",
      max_age: "0",
      ui_locales: "de",
      acr_values: "loa1",
      kc_idp_hint: "corp",
    });
    await tab.follow(url.href, "bob");
    const after = await tab.loadUntilSettled(cfg);
    expect(after.session.user?.sub).toBe("bob");
    expect(tab.url).toBe(`${appUrl}after`);
  });

  it("adds the client's extraTokenParams to its code redemption and refresh requests", async () => {
    const cfg = config({ files: { extraTokenParams: { tenant: "t-files" } }, app: { extraTokenParams: { tenant: "t-app" } } });
    const tab = new TestTab({ appUrl, iframes: true });
    const bodies: URLSearchParams[] = [];
    const load = () =>
      createOidc({
        ...cfg,
        environment: {
          ...tab.environment(),
          // Observes what is sent; the request still goes to the real IdP.
          fetch: (input, init) => {
            if (init?.body instanceof URLSearchParams) bodies.push(new URLSearchParams(init.body));
            return fetch(input, init);
          },
        },
      });
    await load().start();
    const navigation = tab.nextNavigation();
    void load().login();
    await tab.follow(await navigation, "alice");
    const oidc = load();
    await oidc.start();
    await oidc.getApiToken("files");
    expect(bodies.map((b) => `${b.get("grant_type")}:${b.get("tenant")}`)).toEqual(["authorization_code:t-app", "refresh_token:t-files"]);
  });

  it("refuses protocol parameters: config_invalid at createOidc, and a login call that rejects without navigating", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    for (const [client, bad] of [
      ["app", { extraAuthorizeParams: { scope: "openid admin" } }],
      ["app", { extraAuthorizeParams: { prompt: "login" } }],
      ["vault", { extraAuthorizeParams: { nonce: "fixed" } }],
      ["vault", { extraTokenParams: { client_secret: "s3cret" } }],
      ["files", { extraAuthorizeParams: { ui_locales: "fr" } }],
    ] as const) {
      expect(() => tab.load(config({ [client]: bad })), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "config_invalid" }));
    }
    const { oidc } = await tab.loadUntilSettled(config());
    for (const params of [{ state: "mine" }, { redirect_uri: "https://evil.example/" }, { code_challenge: "x" }, { id_token_hint: "x" }] as Record<string, string>[]) {
      await expect(oidc.login({ params }), JSON.stringify(params)).rejects.toMatchObject({ code: "config_invalid" });
    }
    expect(tab.navigations).toEqual([]);
  });
});
