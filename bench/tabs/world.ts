// Servers of the tabs bench: the dev IdP (same-site on 127.0.0.1 or cross-site on localhost) and the two pages,
// ours (bench/app-tabs) and oidc-spa's (bench/app-oidc-spa, the journey's page), each on its own Vite server.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEV_CATALOGUE, startDevIdp, type DevIdp, type IdpRequest } from "../../dev-server/devIdp";
import { startE2eApp } from "../../test/e2e/support/e2eApp";

/** Where the IdP is relative to the app (127.0.0.1). */
export type Mode = "same-site" | "cross-site";

/** One bench world: an IdP and both pages. */
export interface TabsWorld {
  idp: DevIdp;
  ours: Awaited<ReturnType<typeof startE2eApp>>;
  spa: Awaited<ReturnType<typeof startE2eApp>>;
  close: () => Promise<void>;
}

/** oidc-spa's installed version, as printed. */
export const oidcSpaVersion = (
  JSON.parse(readFileSync(new URL("../../node_modules/oidc-spa/package.json", import.meta.url), "utf8")) as { version: string }
).version;

const { dedicated, resources, scopes } = DEV_CATALOGUE;

/** Every client the bench may name, by API. */
export const benchClients: Record<string, Record<string, unknown>> = {
  app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
  todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope },
  vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope },
  s3: { clientId: dedicated.s3.clientId, scope: dedicated.s3.scope },
  files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope },
  notes: { clientId: scopes.notes.clientId, scope: scopes.notes.scope },
};

/** Our page's configuration: the kit's defaults, the named clients (`app` always), the rows shown. */
export function oursConfig(issuer: string, apis: string[], show: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { issuer, clients: Object.fromEntries(["app", ...apis].map((api) => [api, benchClients[api]])), show, ...extra };
}

/** oidc-spa's page, the journey's: login client + one dedicated client per API (its Vault call fails harmlessly). */
export function spaConfig(issuer: string, apis: string[]): Record<string, unknown> {
  return {
    issuerUri: issuer,
    vaultUrl: "http://127.0.0.1:9",
    loginClient: { clientId: DEV_CATALOGUE.loginClientId, scopes: DEV_CATALOGUE.loginScope.split(" ").filter((s) => s !== "openid") },
    apiClients: Object.fromEntries(apis.map((api) => [api, (benchClients[api] as { clientId: string }).clientId])),
  };
}

/** The API an IdP request is for: dedicated client → its API; the login client's by resource/scope, else "app". */
export function apiOf(request: IdpRequest): string {
  for (const [api, client] of Object.entries(dedicated)) if (request.clientId === client.clientId) return api;
  if (request.resource?.includes(resources.files.resource)) return "files";
  if (request.scope?.split(" ").includes(scopes.notes.apiScope)) return "notes";
  return "app";
}

/** Counts of /auth and /token requests per API. */
export function countByApi(requests: IdpRequest[]): Record<string, { auth: number; token: number }> {
  const out: Record<string, { auth: number; token: number }> = {};
  for (const r of requests) {
    if (r.path !== "/auth" && r.path !== "/token") continue;
    const entry = (out[apiOf(r)] ??= { auth: 0, token: 0 });
    if (r.path === "/auth") entry.auth++;
    else entry.token++;
  }
  return out;
}

const root = (dir: string) => fileURLToPath(new URL(`../${dir}`, import.meta.url));

/** Starts both pages and an IdP whose redirect URIs are both pages (and our static silent page). */
export async function startTabsWorld(mode: Mode, accessTokenTtlSeconds?: number): Promise<TabsWorld> {
  const [ours, spa] = await Promise.all([startE2eApp(root("app-tabs")), startE2eApp(root("app-oidc-spa"))]);
  const idp = await startDevIdp({
    redirectUris: [ours.url, `${ours.url}silent.html`, spa.url],
    issuerHost: mode === "same-site" ? "127.0.0.1" : "localhost",
    ...(accessTokenTtlSeconds ? { accessTokenTtlSeconds } : {}),
  });
  return {
    idp,
    ours,
    spa,
    close: async () => {
      await Promise.allSettled([idp.close(), ours.close(), spa.close()]);
    },
  };
}
