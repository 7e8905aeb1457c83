import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../../src/core/config";
import { OidcError } from "../../../../src/core/errors";
import { PendingAuthorizations } from "../../../../src/core/tokens/pendingAuthorizations";
import { silentRequestsUseFrames } from "../../../../src/core/config";
import { silentFrames } from "../../../../src/core/session/silentFrames";
import { Authorizer } from "../../../../src/core/tokens/authorizer";
import { RefreshGrants } from "../../../../src/core/tokens/refreshGrants";
import type { OidcConfig, SessionRestoration } from "../../../../src/core/types";
import { MemoryStorage } from "../../../support/testBrowser";

const APP = "https://app.example";
const SILENT = "https://app.example/silent.html";
const base: OidcConfig = { issuer: "https://idp.app.example", clients: { app: { clientId: "myapp" }, todos: { clientId: "myapp-todos" } } };
const metadata = async () => ({
  issuer: base.issuer,
  authorization_endpoint: `${base.issuer}/auth`,
  token_endpoint: `${base.issuer}/token`,
  end_session_endpoint: undefined,
  authorization_response_iss_parameter_supported: false,
});

function authorizerFor(extra: Partial<OidcConfig>) {
  const config = resolveConfig({ ...base, ...extra }, APP);
  const tokenRequests: URLSearchParams[] = [];
  const authorizer = new Authorizer({
    config,
    env: {
      now: () => Date.now(),
      fetch: async (_input, init) => (tokenRequests.push(new URLSearchParams(String(init?.body))), new Response("{}", { status: 500 })),
    },
    metadata,
    pending: new PendingAuthorizations(new MemoryStorage(), "t:", () => Date.now()),
    grants: new RefreshGrants((_name, task) => task(), "t:"),
    sessionSub: () => "alice",
  });
  const redirectOf = async (api: string, prompt?: string, params?: Record<string, string>) =>
    new URL((await authorizer.request(config.clients[api]!, prompt, params)).url).searchParams.get("redirect_uri");
  return { config, authorizer, tokenRequests, redirectOf };
}

describe("silentRedirectUri: configuration", () => {
  it("defaults to redirectUri and keeps an absolute page of the app's origin", () => {
    expect(resolveConfig(base, APP).silentRedirectUri).toBe(`${APP}/`);
    expect(resolveConfig({ ...base, redirectUri: `${APP}/callback` }, APP).silentRedirectUri).toBe(`${APP}/callback`);
    expect(resolveConfig({ ...base, silentRedirectUri: SILENT }, APP).silentRedirectUri).toBe(SILENT);
  });

  it("refuses what the app could not read out of its frame or the IdP could not match", () => {
    for (const bad of ["/silent.html", "silent.html", "https://other.example/silent.html", "https://app.example:8443/silent.html", `${SILENT}#x`, "", 42, null]) {
      const error = (() => {
        try {
          resolveConfig({ ...base, silentRedirectUri: bad as string }, APP);
        } catch (e) {
          return e;
        }
      })();
      expect(error, String(bad)).toBeInstanceOf(OidcError);
      expect(error, String(bad)).toMatchObject({ code: "config_invalid" });
      expect((error as Error).message, String(bad)).toContain("silentRedirectUri");
    }
  });
});

describe("silentRedirectUri: requests", () => {
  it("goes only into prompt=none requests of iframe mode; logins and redirect-mode hops keep redirectUri", async () => {
    const framed = authorizerFor({ silentRedirectUri: SILENT }); // same site: auto means iframes
    expect(await framed.redirectOf("app", "none")).toBe(SILENT);
    expect(await framed.redirectOf("todos", "none")).toBe(SILENT);
    expect(await framed.redirectOf("app")).toBe(`${APP}/`);
    expect(await framed.redirectOf("app", undefined, { prompt: "none" })).toBe(`${APP}/`); // a top-level login asking prompt=none
    for (const restoration of ["redirect", "auto"] as SessionRestoration[]) {
      const chained = authorizerFor({ silentRedirectUri: SILENT, sessionRestoration: restoration, issuer: "https://idp.elsewhere.example" });
      expect(silentRequestsUseFrames(chained.config), restoration).toBe(false);
      expect(await chained.redirectOf("todos", "none"), restoration).toBe(`${APP}/`);
    }
    const forced = authorizerFor({ silentRedirectUri: SILENT, sessionRestoration: "iframe", issuer: "https://idp.elsewhere.example" });
    expect(await forced.redirectOf("todos", "none")).toBe(SILENT);
  });

  it("redeems each code with the redirect_uri its request carried", async () => {
    const { authorizer, config, tokenRequests } = authorizerFor({ silentRedirectUri: SILENT });
    const silent = await authorizer.request(config.clients.todos!, "none");
    const login = await authorizer.request(config.clients.app!, undefined);
    await authorizer.redeem(`${SILENT}?code=c1&state=${silent.state}`).catch(() => undefined);
    await authorizer.redeem(`${APP}/?code=c2&state=${login.state}`).catch(() => undefined);
    expect(tokenRequests.map((body) => [body.get("code"), body.get("redirect_uri")])).toEqual([
      ["c1", SILENT],
      ["c2", `${APP}/`],
    ]);
  });
});

describe("silentRedirectUri: frames", () => {
  it("waits for the frame at the redirect_uri its request carries", async () => {
    const landings: string[] = [];
    const run = silentFrames(
      { runInIframe: async (_url, landing) => (landings.push(landing), `${landing}?code=c&state=s`) },
      { silentRefusal: null },
      { redirectUri: `${APP}/`, silentTimeoutMs: 10_000 },
    );
    await run(`${base.issuer}/auth?redirect_uri=${encodeURIComponent(SILENT)}&state=s`, "app");
    await run(`${base.issuer}/auth?redirect_uri=${encodeURIComponent(`${APP}/`)}&state=s`, "app");
    await run(`${base.issuer}/auth?state=s`, "app"); // no redirect_uri at all: the configured one
    expect(landings).toEqual([SILENT, `${APP}/`, `${APP}/`]);
  });
});
