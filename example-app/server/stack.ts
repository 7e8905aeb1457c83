// The whole example in one call: dev IdP, Vault-compatible dev server, four sample APIs and the app.
import type { RuntimeConfig } from "../src/runtimeConfig";
import { startAppDevServer, type AppDevServer } from "./appDevServer";
import { DEV_CATALOGUE, startDevIdp, type DevIdp, type IdpRequest } from "../../dev-server/devIdp";
import { exampleSecretsFor } from "./exampleSecrets";
import { DEFAULT_PORTS, type ExamplePorts } from "./examplePorts";
import { startSampleApi, type ApiLogEntry, type SampleApi } from "../../dev-server/sampleApi";
import { startDevVault, type DevVault, type DevVaultLogEntry } from "../../dev-server/vaultServer";

/** The sample APIs of the example, by the name of the app's named client that calls each. */
export type ExampleApiName = "todos" | "files" | "reports" | "notes";

/** Options of `startExampleStack`. */
export interface ExampleStackOptions {
  /** Ports to listen on (all on 127.0.0.1). Default: `DEFAULT_PORTS`; pass `FREE_PORTS` in tests. */
  ports?: Partial<ExamplePorts>;
  /** Host name in the app's and the IdP's URLs. Default: `"127.0.0.1"` (same-site, so silent renewals use a hidden iframe). */
  host?: "127.0.0.1" | "localhost";
  /** Host name in the IdP's URLs only. Default: `host`. Another host than the app's (`"localhost"` against `127.0.0.1`)
   *  is another site: the IdP's cookie never reaches a hidden iframe, as with third-party cookies blocked, so the kit
   *  runs top-level redirect chains. */
  idpHost?: "127.0.0.1" | "localhost";
  /** Vite's log level. Default: `"warn"`. */
  logLevel?: "info" | "warn" | "error" | "silent";
  /** A real Vault (or OpenBao) to use instead of the dev server; it must have the role and CORS the README describes. */
  vaultUrl?: string;
}

/** Where each server of the stack answers. */
export interface ExampleStackUrls {
  /** The app, with a trailing slash (also the redirect URI of every client). */
  app: string;
  /** The IdP's issuer URL. */
  issuer: string;
  /** Vault's base URL (API under `/v1`). */
  vault: string;
  /** Base URL of each sample API. */
  apis: Record<ExampleApiName, string>;
}

/** What each server has served so far, oldest first; the arrays grow in place. */
export interface ExampleStackLogs {
  /** Authorization, token and end-session requests the IdP served. */
  idp: IdpRequest[];
  /** Requests the dev Vault answered (empty with a real Vault). */
  vault: DevVaultLogEntry[];
  /** Requests each sample API served, with the `aud` of the token presented. */
  apis: Record<ExampleApiName, ApiLogEntry[]>;
}

/** A running example stack. */
export interface ExampleStack {
  /** Where everything answers. */
  urls: ExampleStackUrls;
  /** The runtime configuration the app reads at `/config.json`. */
  runtimeConfig: RuntimeConfig;
  /** Request logs of every server. */
  logs: ExampleStackLogs;
  /** The dev IdP, e.g. to `resetRequests()` between test phases or to play faults (`setReachable`, `endSessions`, …;
   *  from another process: `POST ${urls.issuer}/__faults`). */
  idp: DevIdp;
  /** Stops every server. */
  close(): Promise<void>;
}

/** Audience each sample API checks, as the dev IdP issues it. */
export const EXAMPLE_API_AUDIENCES: Readonly<Record<ExampleApiName, string>> = {
  todos: DEV_CATALOGUE.dedicated.todos.audience,
  files: DEV_CATALOGUE.resources.files.audience,
  reports: DEV_CATALOGUE.resources.reports.audience,
  notes: DEV_CATALOGUE.scopes.notes.audience,
};

/** The Vault role the app logs in with; it binds the audience of the dedicated `myapp-vault` client. */
export const EXAMPLE_VAULT_ROLE = "web-app";

const API_NAMES = Object.keys(EXAMPLE_API_AUDIENCES) as ExampleApiName[];

/** Starts the dev IdP, Vault, the sample APIs and the app; on a failure, stops what already started and rethrows. */
export async function startExampleStack(options: ExampleStackOptions = {}): Promise<ExampleStack> {
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  const host = options.host ?? "127.0.0.1";
  let runtimeConfig: RuntimeConfig | undefined;
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    await Promise.allSettled(closers.splice(0).map((close) => close()));
  };
  const track = <T extends { close(): Promise<void> }>(server: T): T => {
    closers.push(() => server.close());
    return server;
  };

  try {
    // The app's port comes first: the IdP registers the redirect URI, which holds it.
    const app: AppDevServer = await startAppDevServer({
      port: ports.app,
      host,
      runtimeConfig: () => runtimeConfig,
      logLevel: options.logLevel,
    });
    closers.push(app.close);
    const appOrigin = new URL(app.url).origin;

    const idpHost = options.idpHost ?? host;
    const idp = await startDevIdp({ redirectUris: [app.url], issuerHost: idpHost, port: ports.idp });
    closers.push(idp.close);

    const [vault, ...apis] = await Promise.all([
      options.vaultUrl !== undefined
        ? Promise.resolve({ url: options.vaultUrl.replace(/\/+$/, ""), log: [] as DevVaultLogEntry[] })
        : startVault(idp.issuer, appOrigin, ports.vault).then(track),
      ...API_NAMES.map((kind) =>
        startSampleApi({ kind, issuer: idp.issuer, audience: EXAMPLE_API_AUDIENCES[kind], port: ports[kind], corsOrigins: [appOrigin] }).then(track),
      ),
    ]);
    const byName = Object.fromEntries(API_NAMES.map((name, i) => [name, apis[i] as SampleApi])) as Record<ExampleApiName, SampleApi>;
    const apiUrls = Object.fromEntries(API_NAMES.map((name) => [name, byName[name].url])) as Record<ExampleApiName, string>;

    runtimeConfig = {
      issuer: idp.issuer,
      mode: idpHost === host ? "same-site" : "cross-site",
      apis: apiUrls,
      vault: { url: vault.url, role: EXAMPLE_VAULT_ROLE, kvMount: "secret" },
    };
    return {
      urls: { app: app.url, issuer: idp.issuer, vault: vault.url, apis: apiUrls },
      runtimeConfig,
      logs: {
        idp: idp.requests,
        vault: vault.log,
        apis: Object.fromEntries(API_NAMES.map((name) => [name, byName[name].log])) as Record<ExampleApiName, ApiLogEntry[]>,
      },
      idp,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function startVault(issuer: string, appOrigin: string, port: number): Promise<DevVault> {
  return startDevVault({
    port,
    corsOrigins: [appOrigin],
    jwt: {
      oidcDiscoveryUrl: issuer,
      boundIssuer: issuer,
      defaultRole: EXAMPLE_VAULT_ROLE,
      roles: {
        [EXAMPLE_VAULT_ROLE]: {
          role_type: "jwt",
          bound_audiences: [DEV_CATALOGUE.dedicated.vault.audience],
          user_claim: "sub",
          token_ttl: 3600,
          token_policies: ["user-secrets"],
        },
      },
    },
    seed: exampleSecretsFor,
  });
}
