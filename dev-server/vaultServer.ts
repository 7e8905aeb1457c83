import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleCors } from "./vault/cors";
import { createVaultFaults, type DevVaultFailure } from "./vault/faults";
import { ok, permissionDenied, readJsonObject, vaultErrors, type VaultReply } from "./vault/http";
import { createJwtLogin, type JwtMountConfig, type VaultRoleConfig } from "./vault/jwtLogin";
import { createKvStore } from "./vault/kvStore";
import { kvRoute } from "./vault/kvRoutes";
import { builtinPolicies } from "./vault/policy";
import type { VaultRequest } from "./vault/request";
import { authBlock, createTokenStore } from "./vault/tokenStore";
import { tokenSelfRoute } from "./vault/tokenRoutes";

export type { VaultRoleConfig } from "./vault/jwtLogin";
export type { DevVaultFailure } from "./vault/faults";

/** Options of `startDevVault`. */
export interface DevVaultOptions {
  /** Port on 127.0.0.1. Default: `0` (a free port). */
  port?: number;
  /** The JWT auth method: where the IdP's keys are and which roles exist. */
  jwt: JwtMountConfig;
  /** Origins allowed to call from a browser (`sys/config/cors` `allowed_origins`); `"*"` allows any. */
  corsOrigins: string[];
  /** Mount path of the KV version 2 engine. Default: `"secret"`. */
  kvMount?: string;
  /** Secrets to create on a user's first login: KV paths relative to `kvMount` (e.g. `users/alice/api`) to their data. */
  seed?: (userName: string) => Record<string, Record<string, string>> | undefined;
  /** Leeway in seconds on the JWT's `exp`, `nbf` and `iat`. Default: `150`. */
  leewaySeconds?: number;
}

/** One request the dev server answered. */
export interface DevVaultLogEntry {
  /** When it was answered, ms since the epoch. */
  at: number;
  /** HTTP method. */
  method: string;
  /** Path and query string. */
  path: string;
  /** Status answered. */
  status: number;
}

/** A running dev Vault. */
export interface DevVault {
  /** Base URL, e.g. `http://127.0.0.1:8200` (API under `/v1`). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Every request answered, oldest first. */
  log: DevVaultLogEntry[];
  /** Accessor of the JWT auth mount, as templated policies name it. */
  mountAccessor: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** Creates or replaces a role of the JWT auth method (name is case-insensitive). */
  setRole(name: string, role: VaultRoleConfig): void;
  /**
   * Fault switch: while set, matching `/v1/` requests get this failure (a 5xx/429 with Vault's error shape, or a 3xx
   * to another origin, as a standby node or a proxy would answer) instead of being served; `undefined` clears it.
   */
  setFailure(failure: DevVaultFailure | undefined): void;
}

/** Starts a Vault-compatible server for the JWT login, token self-service and KV v2 calls the kit makes. */
export async function startDevVault(options: DevVaultOptions): Promise<DevVault> {
  const jwtMount = (options.jwt.mount ?? "jwt").replace(/^\/+|\/+$/g, "");
  const kvMount = (options.kvMount ?? "secret").replace(/^\/+|\/+$/g, "");
  const mountAccessor = `auth_jwt_${randomBytes(4).toString("hex")}`;
  const policies = builtinPolicies(kvMount, mountAccessor);
  const tokens = createTokenStore();
  const kv = createKvStore();
  const jwt = createJwtLogin(options.jwt, options.leewaySeconds ?? 150);
  const seeded = new Set<string>();
  const log: DevVaultLogEntry[] = [];
  const faults = createVaultFaults();

  async function login(req: VaultRequest): Promise<VaultReply> {
    if (req.method !== "POST" && req.method !== "PUT") return vaultErrors(405, "unsupported operation");
    const { body, reply } = await req.readBody();
    if (reply) return reply;
    const result = await jwt.login(body);
    if ("error" in result) return vaultErrors(400, result.error);
    if (options.seed && !seeded.has(result.aliasName)) {
      seeded.add(result.aliasName);
      for (const [path, data] of Object.entries(options.seed(result.aliasName) ?? {})) kv.write(path, data);
    }
    const entry = tokens.issue({
      roleName: result.roleName,
      aliasName: result.aliasName,
      mountAccessor,
      path: `auth/${jwtMount}/login`,
      tokenPolicies: result.role.token_policies,
      ttlSeconds: result.role.token_ttl,
      maxTtlSeconds: result.role.token_max_ttl,
    });
    return ok({ auth: authBlock(entry, tokens.ttlOf(entry)), mountType: "jwt" });
  }

  async function route(req: VaultRequest): Promise<VaultReply> {
    if (req.path === "sys/health") {
      return { status: 200, body: { initialized: true, sealed: false, standby: false, version: "1.17.0-dev" } };
    }
    if (req.path === `auth/${jwtMount}/login`) return login(req);
    const reply = (await tokenSelfRoute(req, tokens, policies)) ?? (await kvRoute(req, kvMount, kv, policies));
    if (reply) return reply;
    // Vault checks the ACL before routing, and no policy here covers other paths.
    return permissionDenied();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const cors = handleCors(req, res, options.corsOrigins);
    if (cors.answered) return cors.status ?? 200;
    const url = new URL(req.url ?? "/", "http://vault.invalid");
    if (!url.pathname.startsWith("/v1/")) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("404 page not found\n");
      return 404;
    }
    const failure = faults.take(url.pathname.slice("/v1/".length), req.url ?? "/");
    if (failure) {
      res.writeHead(failure.status, { "Content-Type": "application/json", ...failure.headers });
      res.end(failure.body === undefined ? undefined : JSON.stringify(failure.body));
      return failure.status;
    }
    const header = req.headers["x-vault-token"];
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const reply = await route({
      method: (req.method ?? "GET").toUpperCase(),
      path: decodeURIComponent(url.pathname.slice("/v1/".length)),
      query: url.searchParams,
      token: tokens.get((Array.isArray(header) ? header[0] : header) ?? bearer),
      readBody: () => readJsonObject(req),
    });
    if (reply.body === undefined) res.writeHead(reply.status, reply.headers).end();
    else {
      res.writeHead(reply.status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...reply.headers });
      res.end(JSON.stringify(reply.body));
    }
    return reply.status;
  }

  const server = createServer((req, res) => {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    handle(req, res)
      .then((status) => log.push({ at: Date.now(), method, path, status }))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ errors: [(error as Error).message] }));
        log.push({ at: Date.now(), method, path, status: 500 });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    mountAccessor,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
    setRole: (name, role) => void jwt.roles.set(name.toLowerCase(), role),
    setFailure: (failure) => faults.set(failure),
  };
}
