// "Same-site, start early": back from the IdP's login form, the hidden iframes of the dedicated clients the app
// prefetches (or used before in the tab) start while the login code is being redeemed, not after. Against the real dev
// IdP, same-site (iframes see the session): the frames' start and the login's token response are stamped in the tab.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import type { OidcEnvironment } from "../../../src/core/platform/environment";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5998/";
let idp: DevIdp;

type Api = "app" | "todos" | "vault" | "s3";

function config(clients: Partial<OidcConfig<Api>["clients"]> = {}): OidcConfig<Api> {
  const { dedicated } = DEV_CATALOGUE;
  return {
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: dedicated.todos.audience, prefetch: true },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: dedicated.vault.audience, prefetch: true },
      s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope, expectedAudience: dedicated.s3.audience, prefetch: true },
      ...clients,
    } as OidcConfig<Api>["clients"],
  };
}

/** What the tab saw, in its own clock: each frame's start (by client) and when the login code's token response arrived. */
interface Timeline {
  frameStarts: { clientId: string; at: number }[];
  loginTokenAt: number | undefined;
}

/** A tab whose hidden iframes and IdP calls are stamped. */
class StampedTab extends TestTab {
  readonly timeline: Timeline = { frameStarts: [], loginTokenAt: undefined };

  override environment(): Partial<OidcEnvironment> {
    const base = super.environment();
    return {
      ...base,
      runInIframe: (url, redirectUri, timeoutMs) => {
        this.timeline.frameStarts.push({ clientId: new URL(url).searchParams.get("client_id") ?? "", at: performance.now() });
        return base.runInIframe!(url, redirectUri, timeoutMs);
      },
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const body = typeof init?.body === "string" ? new URLSearchParams(init.body) : init?.body instanceof URLSearchParams ? init.body : undefined;
        if (body?.get("grant_type") === "authorization_code" && body.get("client_id") === DEV_CATALOGUE.loginClientId) {
          this.timeline.loginTokenAt = performance.now();
        }
        return response;
      },
    };
  }
}

async function logInWith(cfg: OidcConfig<Api>) {
  const tab = new StampedTab({ appUrl, iframes: true });
  const first = await tab.loadUntilSettled(cfg);
  expect(first.session.status).toBe("loggedOut");
  tab.timeline.frameStarts.length = 0;
  tab.iframeRequests.length = 0;
  const after = await tab.logIn(first.oidc, cfg);
  return { tab, ...after };
}

const audOf = (token: string) => decodeJwtPayload(token)?.aud;

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl] });
});
afterAll(async () => {
  await idp?.close();
});

describe("same-site: the dedicated clients' iframes run beside the login code's redemption", () => {
  it("starts every prefetched dedicated client's frame before the login's tokens arrive; each API gets its own aud", async () => {
    const { tab, oidc, session } = await logInWith(config());
    expect(session.status).toBe("loggedIn");
    const { dedicated } = DEV_CATALOGUE;
    const tokens = await Promise.all((["todos", "vault", "s3"] as const).map((api) => oidc.getApiToken(api)));
    expect(tokens.map(audOf)).toEqual([dedicated.todos.audience, dedicated.vault.audience, dedicated.s3.audience]);
    const { frameStarts, loginTokenAt } = tab.timeline;
    const dedicatedIds = [dedicated.todos.clientId, dedicated.vault.clientId, dedicated.s3.clientId];
    expect(frameStarts.map((f) => f.clientId).sort()).toEqual([...dedicatedIds].sort());
    expect(loginTokenAt).toBeDefined();
    for (const frame of frameStarts) expect(frame.at, frame.clientId).toBeLessThan(loginTokenAt ?? 0);
    // One frame, one /auth and one /token per dedicated client: the early frames replace the prefetch's, never add to them.
    // (The IdP logs a request once its middleware chain unwinds, which can be after the client has the answer.)
    expect(tab.iframeRequests).toHaveLength(3);
    const count = (clientId: string, path: string) => idp.requests.filter((r) => r.clientId === clientId && r.path === path).length;
    for (const clientId of dedicatedIds) {
      await expect.poll(() => [count(clientId, "/auth"), count(clientId, "/token")], { timeout: 2_000 }).toEqual([1, 1]);
    }
  });

  it("a frame the IdP refuses fails its own API only: the login and the other APIs go on", async () => {
    const { dedicated } = DEV_CATALOGUE;
    // An RFC 8707 resource the IdP does not know: the IdP answers this client's /auth with invalid_target.
    const cfg = config({ s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope, resource: "https://nowhere.example", prefetch: true } });
    const { tab, oidc, session } = await logInWith(cfg);
    expect(session.status).toBe("loggedIn");
    // The prefetch's own attempt (the early frame) is what failed: no second request is needed to see it.
    await expect.poll(() => oidc.getSnapshot().apis.s3).toMatchObject({ status: "error", error: { code: "idp_refused", api: "s3" } });
    expect(audOf(await oidc.getApiToken("todos"))).toBe(dedicated.todos.audience);
    expect(audOf(await oidc.getApiToken("vault"))).toBe(dedicated.vault.audience);
    expect(oidc.getSnapshot().session.status).toBe("loggedIn");
    expect(tab.timeline.frameStarts).toHaveLength(3);
    for (const frame of tab.timeline.frameStarts) expect(frame.at, frame.clientId).toBeLessThan(tab.timeline.loginTokenAt ?? 0);
    // Every silent request's state was taken (redeemed or discarded): nothing left for a sweep.
    expect(tab.storage.values().filter((v) => v.includes("codeVerifier"))).toEqual([]);
  });
});
