// The servers of a live bench: one dev IdP shared by both libraries (same clients, separate users), and per
// library its own page, todos and files sample APIs and dev Vault, so every server-side count is per library.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { startSampleApi, type SampleApi } from "../../dev-server/sampleApi";
import { startDevVault, type DevVault } from "../../dev-server/vaultServer";
import { startE2eApp } from "../../test/e2e/support/e2eApp";
import type { LivePageCommon } from "./probeData";

/** Which page a library runs. */
export type LibraryKind = "ours" | "oidc-spa";

/** One library under test with its own servers. */
export interface LiveLibrary {
  kind: LibraryKind;
  /** Name printed in tables (oidc-spa with its version). */
  name: string;
  /** Its page, with a trailing slash. */
  appUrl: string;
  /** The user it logs in as (one per library, so the IdP sessions are distinct). */
  login: string;
  todos: SampleApi;
  files: SampleApi;
  vault: DevVault;
  /** The API a request of `clientId` (with `resource`) at the IdP is for: "app" for our login client's own token. */
  apiOf(clientId: string | undefined, resource: string | undefined): string;
}

/** Everything a live bench talks to. */
export interface LiveWorld {
  idp: DevIdp;
  libraries: LiveLibrary[];
  close(): Promise<void>;
}

const VAULT_ROLE = "web-app";
const { dedicated, resources } = DEV_CATALOGUE;

/** oidc-spa's installed version, as printed. */
export const oidcSpaVersion = (
  JSON.parse(readFileSync(new URL("../../node_modules/oidc-spa/package.json", import.meta.url), "utf8")) as { version: string }
).version;

const roots: Record<LibraryKind, string> = {
  ours: fileURLToPath(new URL("../app-live", import.meta.url)),
  "oidc-spa": fileURLToPath(new URL("../app-live-oidc-spa", import.meta.url)),
};

function dedicatedApi(clientId: string | undefined): string | undefined {
  if (clientId === dedicated.todos.clientId) return "todos";
  if (clientId === dedicated.vault.clientId) return "vault";
  return undefined;
}

function pageConfig(kind: LibraryKind, issuer: string, common: LivePageCommon): Record<string, unknown> {
  if (kind === "oidc-spa") {
    return {
      ...common,
      issuerUri: issuer,
      loginClientId: DEV_CATALOGUE.loginClientId,
      // oidc-spa adds "openid" itself.
      loginScopes: [...DEV_CATALOGUE.loginScope.split(" ").filter((s) => s !== "openid"), ...resources.files.scope.split(" ")],
      filesResource: resources.files.resource,
      todosClientId: dedicated.todos.clientId,
      vaultClientId: dedicated.vault.clientId,
    };
  }
  // The kit's defaults: no renewal tuning, no prefetch.
  return {
    ...common,
    oidc: {
      issuer,
      clients: {
        app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
        todos: { clientId: dedicated.todos.clientId, scope: dedicated.todos.scope, expectedAudience: dedicated.todos.audience, baseUrls: [common.todosUrl] },
        files: { clientId: resources.files.clientId, resource: resources.files.resource, scope: resources.files.scope, baseUrls: [common.filesUrl] },
        vault: { clientId: dedicated.vault.clientId, scope: dedicated.vault.scope, expectedAudience: dedicated.vault.audience, baseUrls: [common.vaultUrl] },
      },
    },
  };
}

/** Starts the IdP (access tokens live `accessTokenTtlSeconds`) and both libraries' pages and servers. */
export async function startLiveWorld(options: { accessTokenTtlSeconds: number; pollMs: number; loginPrefix: string }): Promise<LiveWorld> {
  const kinds: LibraryKind[] = ["ours", "oidc-spa"];
  const closers: (() => Promise<void>)[] = [];
  try {
    const apps = await Promise.all(kinds.map((kind) => startE2eApp(roots[kind])));
    closers.push(...apps.map((app) => app.close));
    const idp = await startDevIdp({ redirectUris: apps.map((app) => app.url), accessTokenTtlSeconds: options.accessTokenTtlSeconds });
    closers.push(idp.close);
    const libraries: LiveLibrary[] = [];
    for (const [i, kind] of kinds.entries()) {
      const app = apps[i];
      if (!app) throw new Error("an app did not start");
      const corsOrigins = [new URL(app.url).origin];
      const [todos, files, vault] = await Promise.all([
        startSampleApi({ kind: "todos", issuer: idp.issuer, audience: dedicated.todos.audience, corsOrigins }),
        startSampleApi({ kind: "files", issuer: idp.issuer, audience: resources.files.audience, corsOrigins }),
        startDevVault({
          corsOrigins,
          jwt: {
            oidcDiscoveryUrl: idp.issuer,
            boundIssuer: idp.issuer,
            roles: {
              [VAULT_ROLE]: { role_type: "jwt", bound_audiences: [dedicated.vault.audience], user_claim: "sub", token_ttl: 3600, token_policies: ["user-secrets"] },
            },
          },
          seed: (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } }),
        }),
      ]);
      closers.push(todos.close, files.close, vault.close);
      app.setConfig(pageConfig(kind, idp.issuer, { todosUrl: todos.url, filesUrl: files.url, vaultUrl: vault.url, vaultRole: VAULT_ROLE, pollMs: options.pollMs }));
      libraries.push({
        kind,
        name: kind === "ours" ? "react-oidc-apis" : `oidc-spa ${oidcSpaVersion}`,
        appUrl: app.url,
        login: `${options.loginPrefix}-${kind === "ours" ? "ours" : "spa"}`,
        todos,
        files,
        vault,
        apiOf:
          kind === "ours"
            ? (clientId, resource) => dedicatedApi(clientId) ?? (resource === resources.files.resource ? "files" : "app")
            : // oidc-spa's login client carries resource=files on every request: its token is the files token.
              (clientId) => dedicatedApi(clientId) ?? "files",
      });
    }
    return {
      idp,
      libraries,
      close: async () => {
        await Promise.allSettled(closers.splice(0).reverse().map((close) => close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(closers.splice(0).reverse().map((close) => close()));
    throw error;
  }
}
