import type { Oidc } from "react-oidc-apis";
import { createMockOidc, type CreateMockOidcOptions, type MockOidc } from "react-oidc-apis/testing";

/** The demo app's named clients: the login client and one API per token strategy. */
export const demoClients = {
  app: { scope: "openid profile email" },
  files: { resource: "https://files.example", baseUrls: ["https://files.example/"] },
  billing: { audience: "https://billing.example", scope: "openid billing:read" },
  vault: { clientId: "vault-spa" },
  search: { scope: "openid search:read" },
};

/** Names of the demo clients. */
export type DemoApi = keyof typeof demoClients;

/** Every demo client name, in configuration order. */
export const demoApis = Object.keys(demoClients) as DemoApi[];

/** The signed-in user of most stories. */
export const alice = { sub: "alice", name: "Alice Martin", email: "alice@example.test", preferred_username: "alice" };

/** A mock instance over the demo clients, logged in as Alice unless `options` say otherwise. */
export function demoOidc(options: Partial<CreateMockOidcOptions<DemoApi>> = {}): MockOidc<DemoApi> {
  return createMockOidc<DemoApi>({ clients: demoClients, user: alice, ...options });
}

/** Starts fetching the tokens of `apis` at once; failures land in the snapshot, not in an unhandled rejection. */
export function prefetch<Api extends string>(oidc: Oidc<Api>, apis: readonly Api[]): void {
  for (const api of apis) oidc.getApiToken(api).catch(() => undefined);
}

/** `oidc` with a `start()` that never settles (an IdP that does not answer), so the provider stays initializing. */
export function neverStarts<Api extends string>(oidc: Oidc<Api>): Oidc<Api> {
  return { ...oidc, start: () => new Promise(() => {}) };
}
