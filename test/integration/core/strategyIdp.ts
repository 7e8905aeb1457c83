// The dev IdP (oidc-provider) and a test tab configured with one client per strategy, shared by the strategy and
// redirect-chain suites: each file calls useStrategyIdp() once.
import { afterAll, beforeAll, expect } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import type { OidcConfig } from "../../../src/core/types";
import { TestTab } from "../../support/testBrowser";

const appUrl = "http://127.0.0.1:5999/";

/** The APIs of the strategy suites: the login client, three dedicated clients, and one API per other strategy. */
export type Api = "app" | "todos" | "vault" | "s3" | "files" | "reports" | "notes";

/** Starts a dev IdP for the calling file's tests and hands out what they build on it. */
export function useStrategyIdp() {
  let idp: DevIdp;
  beforeAll(async () => {
    idp = await startDevIdp({ redirectUris: [appUrl] });
  });
  afterAll(async () => {
    await idp?.close();
  });

  function config(overrides: Partial<OidcConfig<Api>> = {}): OidcConfig<Api> {
    const { dedicated, resources, scopes } = DEV_CATALOGUE;
    return {
      issuer: idp.issuer,
      minRenewIntervalSeconds: 0,
      clients: {
        app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
        todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: dedicated.todos.audience },
        vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: dedicated.vault.audience },
        s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope, expectedAudience: dedicated.s3.audience },
        files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
        reports: { clientId: resources.reports.clientId, audience: resources.reports.audience, scope: "openid reports:read" },
        notes: { clientId: scopes.notes.clientId, scope: scopes.notes.scope, expectedAudience: scopes.notes.audience },
      },
      ...overrides,
    };
  }

  async function loggedInTab(overrides: Partial<OidcConfig<Api>> = {}, iframes = true) {
    const tab = new TestTab({ appUrl, iframes });
    const first = await tab.loadUntilSettled(config(overrides));
    expect(first.session.status).toBe("loggedOut");
    const after = await tab.logIn(first.oidc, config(overrides));
    expect(after.session.status).toBe("loggedIn");
    return { tab, ...after };
  }

  return {
    idp: () => idp,
    appUrl,
    config,
    loggedInTab,
    audOf: (token: string) => decodeJwtPayload(token)?.aud,
    requestsOf: (clientId: string, path: string) => idp.requests.filter((r) => r.clientId === clientId && r.path === path),
  };
}
