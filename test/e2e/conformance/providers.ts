// The OpenID providers the conformance suite runs against, each described the same way: how to start it for an app,
// the clients the app configures, what each strategy must give (a token with its audience, or the kit's typed
// refusal where the provider cannot do it), and how a user gets through its own login and logout pages.
import type { Page } from "playwright-core";
import { DEV_CATALOGUE, startDevIdp } from "../../../dev-server/devIdp";
import type { OidcErrorCode } from "../../../src/core/errors";
import type { ApiClientConfig, TokenStrategy } from "../../../src/core/types";
import { GLEWLWYD_CATALOGUE as G, startGlewlwyd } from "../../support/glewlwyd";
import { submitDevIdpLogin } from "../support/devIdpForm";

/** The kit's answer where a provider cannot do what is asked: a code, the IdP's words, and a message naming the fix. */
export interface TypedRefusal {
  code: OidcErrorCode;
  idpErrorDescription?: string;
  message: RegExp;
}

/** What one API of the app must get from the provider. */
export interface ApiExpectation {
  api: string;
  strategy: TokenStrategy;
  /** `aud` of its access token, when it is checked. */
  audience?: string;
  /** Set when the provider cannot do this strategy. */
  refused?: TypedRefusal;
}

/** A running provider, ready for the journeys. */
export interface ConformanceProvider {
  name: string;
  issuer: string;
  /** The app's clients, by API name; the first is the login client. */
  clients: Record<string, ApiClientConfig>;
  apis: ApiExpectation[];
  /** What a reload restores when tokens live in memory only: the session, or the kit's typed refusal. */
  memoryRestore: "loggedIn" | TypedRefusal;
  /** The session state's error when a silent restore finds no IdP session. */
  noSessionCode: OidcErrorCode;
  /** On the provider's login page (reached from the app's "Log in"): log the user in, and consent/continue if asked. */
  submitLogin(page: Page): Promise<void>;
  /** True once the provider's login page asks for a password (no IdP session). */
  asksForPassword(page: Page): Promise<boolean>;
  /** On the provider's end-session page: whatever the user must do to log out. */
  confirmLogout(page: Page): Promise<void>;
  /** Authorization requests served so far, when the provider can tell. */
  authorizeRequests?(): number;
  close(): Promise<void>;
}

/** oidc-provider, configured by the project (the dev IdP): every strategy. */
export async function startOidcProvider(appUrl: string): Promise<ConformanceProvider> {
  const idp = await startDevIdp({ redirectUris: [appUrl] });
  const { dedicated, resources, scopes } = DEV_CATALOGUE;
  return {
    name: "oidc-provider",
    issuer: idp.issuer,
    clients: {
      app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
      todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: dedicated.todos.audience },
      vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: dedicated.vault.audience },
      files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
      reports: { clientId: resources.reports.clientId, audience: resources.reports.audience, scope: "openid reports:read" },
      notes: { clientId: scopes.notes.clientId, scope: scopes.notes.scope, expectedAudience: scopes.notes.audience },
    },
    apis: [
      { api: "app", strategy: "login" },
      { api: "todos", strategy: "dedicated", audience: dedicated.todos.audience },
      { api: "vault", strategy: "dedicated", audience: dedicated.vault.audience },
      { api: "files", strategy: "resource", audience: resources.files.audience },
      { api: "reports", strategy: "audience", audience: resources.reports.audience },
      { api: "notes", strategy: "scope", audience: scopes.notes.audience },
    ],
    memoryRestore: "loggedIn",
    noSessionCode: "login_required",
    async submitLogin(page) {
      await submitDevIdpLogin(page, DEV_CATALOGUE.defaultLogin);
    },
    async asksForPassword(page) {
      // With a session it answers at once: the app shows the user logged in.
      const form = page.locator('input[name="password"]');
      await form.or(page.locator('[data-testid="status"][data-status="loggedIn"]')).first().waitFor();
      return form.isVisible();
    },
    // Its end-session page submits itself.
    confirmLogout: async () => undefined,
    authorizeRequests: () => idp.requests.filter((r) => r.path === "/auth").length,
    close: () => idp.close(),
  };
}

/** Glewlwyd 2.7.5 from Debian, configured through its admin API: an independent provider with strict rules. */
export async function startGlewlwydProvider(appUrl: string): Promise<ConformanceProvider> {
  const idp = await startGlewlwyd({ redirectUris: [appUrl] });
  const user = idp.users[0]!;
  const files = G.resources.files;
  // Glewlwyd authorizes prompt=none only with the last ID token it issued to that very client: never the first one.
  const dedicatedRefused: TypedRefusal = {
    code: "idp_refused",
    idpErrorDescription: "id_token mandatory",
    message: /cannot get its first token silently\. Use the resource strategy/,
  };
  const password = (page: Page) => page.locator("#username");
  const continueButton = (page: Page) => page.getByRole("button", { name: "Continue" });
  return {
    name: "Glewlwyd",
    issuer: idp.issuer,
    clients: {
      app: { clientId: G.loginClientId, scope: "openid" },
      files: { clientId: files.clientId, resource: files.resource, scope: files.apiScope },
      todos: { clientId: G.dedicated.todos.clientId, scope: G.dedicated.todos.scope },
      vault: { clientId: G.dedicated.vault.clientId, scope: G.dedicated.vault.scope },
    },
    apis: [
      { api: "app", strategy: "login" },
      { api: "files", strategy: "resource", audience: files.resource },
      { api: "todos", strategy: "dedicated", refused: dedicatedRefused },
      { api: "vault", strategy: "dedicated", refused: dedicatedRefused },
    ],
    // No ID token survives a reload in memory, and Glewlwyd wants one as id_token_hint.
    memoryRestore: { code: "idp_refused", idpErrorDescription: "id_token mandatory", message: /Set tokenStorage: "sessionStorage"/ },
    noSessionCode: "interaction_required",
    async submitLogin(page) {
      // Its login page is a JavaScript app: a password form without a session, then "Continue" (also with one).
      await password(page).or(continueButton(page)).first().waitFor();
      if (await password(page).isVisible()) {
        await password(page).fill(user.username);
        await page.fill("#password", user.password);
        await page.click("#loginbut");
      }
      await continueButton(page).click();
    },
    async asksForPassword(page) {
      await password(page).or(continueButton(page)).first().waitFor();
      return password(page).isVisible();
    },
    async confirmLogout(page) {
      await page.waitForURL(/\/login\.html\?.*prompt=end_session/);
      await page.getByRole("button", { name: /log ?out/i }).first().click();
    },
    close: () => idp.close(),
  };
}
