// What the app learns at start from `/config.json`: where the IdP, the APIs and Vault are. Client ids,
// scopes and audiences are the app's own configuration (see oidc.ts); only URLs change per deployment.

/** Base URLs of the sample APIs, one per named client that calls a REST API. */
export interface ApiUrls {
  /** Todos API (own REST API, dedicated OIDC client). */
  todos: string;
  /** Files API (RFC 8707 resource indicator). */
  files: string;
  /** Reports API (Auth0-style audience). */
  reports: string;
  /** Notes API (a scope of the login client). */
  notes: string;
}

/** Where the app finds Vault and how it logs in there. */
export interface VaultSettings {
  /** Vault's base URL, without `/v1`. */
  url: string;
  /** Role of the JWT auth method. */
  role: string;
  /** Mount path of the KV version 2 engine. */
  kvMount: string;
}

/** Whether the IdP is on the app's site (its cookie reaches hidden iframes) or on another site. */
export type SiteMode = "same-site" | "cross-site";

/** The runtime configuration served at `/config.json`. */
export interface RuntimeConfig {
  /** Issuer URL of the OpenID provider. */
  issuer: string;
  /** How the example was started: `EXAMPLE_CROSS_SITE=1` puts the IdP on another site than the app. */
  mode: SiteMode;
  /** Base URL of each API. */
  apis: ApiUrls;
  /** Vault. */
  vault: VaultSettings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Fetches and checks `/config.json`; a missing field fails loudly here rather than as a confusing 404 later. */
export async function loadRuntimeConfig(url = "/config.json"): Promise<RuntimeConfig> {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`${url} answered ${response.status}; is the example started with \`npm run example\`?`);
  const config: unknown = await response.json();
  const apis = isRecord(config) ? config.apis : undefined;
  const vault = isRecord(config) ? config.vault : undefined;
  const ok =
    isRecord(config) &&
    typeof config.issuer === "string" &&
    (config.mode === "same-site" || config.mode === "cross-site") &&
    isRecord(apis) &&
    ["todos", "files", "reports", "notes"].every((name) => typeof apis[name] === "string") &&
    isRecord(vault) &&
    ["url", "role", "kvMount"].every((name) => typeof vault[name] === "string");
  if (!ok) throw new Error(`${url} is not a runtime configuration: ${JSON.stringify(config)}`);
  return config as unknown as RuntimeConfig;
}
