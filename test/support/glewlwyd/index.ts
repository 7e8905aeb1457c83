// Glewlwyd 2.7.5 from Debian as a second, independent OpenID provider for the tests: a fresh sqlite
// database and config in a temp dir, the process on a free port of 127.0.0.1, configured through its admin API.
import { openApiSession, type ApiSession } from "./apiSession";
import { GLEWLWYD_CATALOGUE as C, type GlewlwydUser } from "./glewlwydCatalogue";
import { createOidcPlugin } from "./oidcPlugin";
import { createClients, createScopes, createUsers, fixClientModule, grantConsents } from "./provisioning";
import { writeServerFiles } from "./serverFiles";
import { freePort, startServerProcess } from "./serverProcess";

export { GlewlwydApiError, type ApiSession } from "./apiSession";
export { GLEWLWYD_CATALOGUE } from "./glewlwydCatalogue";
export type { GlewlwydCatalogue, GlewlwydDedicatedApi, GlewlwydResourceApi, GlewlwydUser } from "./glewlwydCatalogue";
export { glewlwydPages } from "./loginPages";

/** Options of `startGlewlwyd`. */
export interface GlewlwydOptions {
  /** Redirect URIs registered for every client (the app's shared redirect URI). */
  redirectUris: string[];
  /** Post-logout redirect URIs of every client. Default: `redirectUris`. */
  postLogoutRedirectUris?: string[];
  /** Access token lifetime, seconds. Default 300. */
  accessTokenTtlSeconds?: number;
  /** Rotate refresh tokens on every use (`refresh-token-one-use: always`). Default false: Glewlwyd's own
   *  default `never`, where refresh responses carry no new refresh_token. */
  refreshTokenRotation?: boolean;
  /** Host name in the issuer and every URL Glewlwyd hands out: "127.0.0.1" (default, same site as an app on
   *  127.0.0.1) or "localhost" (cross-site: its session cookie stays out of the app's iframes). Binds 127.0.0.1 either way. */
  host?: "127.0.0.1" | "localhost";
}

/** A running, configured Glewlwyd. */
export interface GlewlwydIdp {
  /** The issuer exactly as discovery advertises it (`http://<host>:<port>/api/oidc`, no trailing slash);
   *  discovery is at `${issuer}/.well-known/openid-configuration`. */
  issuer: string;
  /** `http://<host>:<port>`: the login webapp is at `${origin}/login.html`. */
  origin: string;
  /** The port on 127.0.0.1. */
  port: number;
  /** The discovery document as Glewlwyd serves it. */
  discovery: Readonly<Record<string, unknown>>;
  /** Glewlwyd's REST API (`/api`) logged in as its admin, for tests that change the configuration. */
  adminApi: ApiSession;
  /** Users with their passwords (the first is the default login). */
  users: readonly GlewlwydUser[];
  /** Glewlwyd's console output so far: attach it to a failing test. */
  logs(): string;
  /** Stop the process and delete its temp dir. */
  close(): Promise<void>;
}

/** Start and configure Glewlwyd (about half a second). Call once per test file. */
export async function startGlewlwyd(options: GlewlwydOptions): Promise<GlewlwydIdp> {
  if (options.redirectUris.length === 0) throw new Error("startGlewlwyd: redirectUris must not be empty");
  const port = await freePort();
  // No trailing slash: Glewlwyd builds every URL as `${external_url}/api/...`, so Debian's sample value
  // `http://localhost:4593/` makes discovery advertise `http://localhost:4593//api/oidc/...` endpoints.
  const origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const local = `http://127.0.0.1:${port}`;
  const appOrigins = new Set(options.redirectUris.map((uri) => new URL(uri).origin));
  const files = await writeServerFiles({
    port,
    externalUrl: origin,
    // One global header: the app's origin when there is one, else `*` (the token endpoint needs no credentials).
    allowOrigin: appOrigins.size === 1 ? [...appOrigins][0]! : "*",
  });
  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    server = await startServerProcess(files.configFile, `${local}/config`);
    const apiBase = `${local}/api`;
    const adminApi = await openApiSession(apiBase, C.admin);
    const issuer = `${origin}/api/${C.pluginName}`;
    await fixClientModule(adminApi);
    await createScopes(adminApi);
    await createOidcPlugin(adminApi, {
      issuer,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 300,
      refreshTokenRotation: options.refreshTokenRotation ?? false,
    });
    await createUsers(adminApi);
    await createClients(adminApi, {
      redirectUris: options.redirectUris,
      postLogoutRedirectUris: options.postLogoutRedirectUris ?? options.redirectUris,
    });
    await grantConsents(apiBase, C.users);
    const discovery = await fetchDiscovery(`${local}/api/${C.pluginName}`);
    const stopped = server;
    return {
      issuer: String(discovery.issuer),
      origin,
      port,
      discovery,
      adminApi,
      users: C.users,
      logs: () => stopped.logs(),
      close: async () => {
        await stopped.stop();
        await files.remove();
      },
    };
  } catch (error) {
    const logs = server?.logs() ?? "";
    await server?.stop();
    await files.remove();
    if (error instanceof Error && logs) error.message += `\nGlewlwyd log:\n${logs}`;
    throw error;
  }
}

async function fetchDiscovery(pluginUrl: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${pluginUrl}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`Glewlwyd discovery answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
