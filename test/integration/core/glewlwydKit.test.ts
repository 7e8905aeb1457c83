// The kit against Glewlwyd 2.7.5 (Debian), an OpenID provider this project did not write: every request goes over
// real HTTP through a browserless tab. It pins what the kit must do for a strict provider: a nonce on every openid
// request, the client's own last ID token as id_token_hint, refresh responses without a new refresh token, logout
// with state, and typed refusals (with the setting to change) where Glewlwyd cannot do a strategy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import type { OidcConfig } from "../../../src/core/types";
import { GLEWLWYD_CATALOGUE as C, glewlwydPages, startGlewlwyd, type GlewlwydIdp } from "../../support/glewlwyd";
import { TestTab } from "../../support/testBrowser";
import { createUserAgent } from "../../support/userAgent";

const appUrl = "http://127.0.0.1:5998/";
const FILES = C.resources.files;
let idp: GlewlwydIdp;

type Api = "app" | "files" | "todos";
type Config = Omit<OidcConfig<Api>, "environment">;

function config(overrides: Partial<Config> = {}): Config {
  return {
    issuer: idp.issuer,
    minRenewIntervalSeconds: 0,
    clients: {
      app: { clientId: C.loginClientId, scope: "openid" },
      files: { clientId: C.loginClientId, resource: FILES.resource, scope: FILES.apiScope },
      todos: { clientId: C.dedicated.todos.clientId, scope: C.dedicated.todos.scope },
    },
    ...overrides,
  };
}

const newTab = () =>
  new TestTab({ appUrl, iframes: true, agent: createUserAgent({ pages: glewlwydPages }), password: C.users[0]!.password });

async function loggedInTab(overrides: Partial<Config> = {}) {
  const tab = newTab();
  const first = await tab.loadUntilSettled(config(overrides));
  // No Glewlwyd session yet: its answer to prompt=none is interaction_required, which is "logged out".
  expect(first.session).toMatchObject({ status: "loggedOut", error: { code: "interaction_required" } });
  const after = await tab.logIn(first.oidc, config(overrides), C.users[0]!.username);
  expect(after.session.status).toBe("loggedIn");
  return { tab, ...after };
}

/** The stored session of a `tokenStorage: "sessionStorage"` tab, to read or damage it as a test needs. */
type Stored = { grants: Record<string, { refreshToken?: string; idToken?: string }> };

/** The tab's persisted tokens, unsealed with the tab's own key (they are never plaintext in storage), and a way to seal them back. */
async function storedTokens(tab: TestTab): Promise<{ value: Stored; write(value: Stored): Promise<void> }> {
  const key = [...Array(tab.storage.length).keys()].map((i) => tab.storage.key(i) ?? "").find((k) => k.endsWith(":tokens"));
  if (!key) throw new Error("no stored tokens");
  const cipher = tab.environment().cipher!(key);
  const sealed = tab.storage.getItem(key) ?? "";
  expect(sealed).not.toMatch(/refreshToken|eyJ/);
  return {
    value: JSON.parse((await cipher.decrypt(sealed)) ?? "{}") as Stored,
    write: async (value) => tab.storage.setItem(key, await cipher.encrypt(JSON.stringify(value))),
  };
}

beforeAll(async () => {
  idp = await startGlewlwyd({ redirectUris: [appUrl] });
});
afterAll(async () => {
  await idp?.close();
});

describe("the kit against Glewlwyd", () => {
  it("logs in: the request carries a nonce (Glewlwyd refuses openid without one) and the ID token repeats it", async () => {
    const tab = newTab();
    const first = await tab.loadUntilSettled(config());
    const navigation = tab.nextNavigation();
    void first.oidc.login();
    const authorize = new URL(await navigation);
    const nonce = authorize.searchParams.get("nonce");
    expect(nonce).toMatch(/^[\w-]{20,}$/);
    await tab.follow(authorize.href, C.users[0]!.username);
    const { oidc, session } = await tab.loadUntilSettled(config());
    expect(session.status).toBe("loggedIn");
    expect(oidc.getSnapshot().session.user).toMatchObject({ nonce, iss: idp.issuer, aud: C.loginClientId });
  });

  it("mints the resource token from the login's refresh token, and renews with no new refresh token from Glewlwyd", async () => {
    const { oidc } = await loggedInTab();
    const files = await oidc.getApiToken("files");
    expect(decodeJwtPayload(files)?.aud).toBe(FILES.resource);
    // Glewlwyd's default keeps refresh tokens: its answers carry none, and the kit keeps the one it has.
    for (let round = 0; round < 3; round++) {
      expect(await oidc.getApiToken("files", { forceRefresh: true })).not.toBe(files);
      await oidc.getApiToken("app", { forceRefresh: true });
    }
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
  });

  it("refuses the dedicated client's first silent token with idp_refused naming the resource strategy; the session lives on", async () => {
    const { tab, oidc } = await loggedInTab();
    const before = tab.iframeRequests.length;
    const failure = await oidc.getApiToken("todos").catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "idp_refused", api: "todos", idpError: "invalid_request", idpErrorDescription: "id_token mandatory" });
    expect((failure as Error).message).toMatch(/cannot get its first token silently\. Use the resource strategy/);
    // One silent request, sent with no id_token_hint: the kit holds no ID token of app-todos.
    expect(tab.iframeRequests.slice(before).map((url) => new URL(url).searchParams.get("client_id"))).toEqual([C.dedicated.todos.clientId]);
    expect(new URL(tab.iframeRequests.at(-1)!).searchParams.has("id_token_hint")).toBe(false);
    expect(oidc.getSnapshot().apis.todos).toMatchObject({ status: "error", error: { code: "idp_refused" } });
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
    expect(await oidc.getApiToken("files")).toBeTruthy();
  });

  it("cannot restore a memory-only session on reload (no ID token for the hint): logged out, with the setting to change", async () => {
    const { tab } = await loggedInTab();
    const reload = await tab.loadUntilSettled(config());
    expect(reload.hops).toBe(0);
    expect(reload.session).toMatchObject({ status: "loggedOut", error: { code: "idp_refused", idpErrorDescription: "id_token mandatory" } });
    expect(reload.session.error?.message).toMatch(/tokenStorage: "sessionStorage"/);
  });

  it("restores a sessionStorage session, and after a refused refresh token re-authorizes with the login's ID token as hint", async () => {
    const { tab } = await loggedInTab({ tokenStorage: "sessionStorage" });
    await new Promise((resolve) => setTimeout(resolve, 50)); // sealing is asynchronous (WebCrypto); a reload comes later
    const reload = await tab.loadUntilSettled(config({ tokenStorage: "sessionStorage" }));
    expect(reload.session.status).toBe("loggedIn");
    // Glewlwyd refuses an unknown refresh token with a bare 400: the kit falls back to one silent authorization.
    const stored = await storedTokens(tab);
    const idToken = stored.value.grants.app?.idToken;
    stored.value.grants.app!.refreshToken = "revoked";
    await stored.write(stored.value);
    const damaged = await tab.loadUntilSettled(config({ tokenStorage: "sessionStorage" }));
    const before = tab.iframeRequests.length;
    expect(decodeJwtPayload(await damaged.oidc.getApiToken("files", { forceRefresh: true }))?.aud).toBe(FILES.resource);
    const silent = tab.iframeRequests.slice(before).map((url) => new URL(url).searchParams);
    expect(silent).toHaveLength(1);
    expect(silent[0]!.get("id_token_hint")).toBe(idToken);
    expect(silent[0]!.get("scope")?.split(" ")).toEqual(["openid", "files"]);
  });

  it("logs out with state and client_id, comes back to the app, and takes the state off the URL", async () => {
    const { tab, oidc } = await loggedInTab();
    const navigation = tab.nextNavigation();
    void oidc.logout();
    const endSession = new URL(await navigation);
    const state = endSession.searchParams.get("state");
    expect(endSession.searchParams.get("client_id")).toBe(C.loginClientId);
    expect(endSession.searchParams.get("id_token_hint")).toBeTruthy();
    tab.url = await tab.agent.endSession(endSession.href);
    expect(tab.url).toBe(`${appUrl}?state=${state}`);
    const back = await tab.loadUntilSettled(config());
    expect(tab.url).toBe(appUrl);
    expect(back.session).toMatchObject({ status: "loggedOut", error: { code: "interaction_required" } });
  });
});
