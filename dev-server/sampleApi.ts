// Sample resource servers: each accepts only access tokens for its own audience, verified for real,
// and serves a little per-user data. Shared by the integration tests, e2e tests and the example app.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createBearerVerifier, type AccessTokenClaims, type BearerResult } from "./bearerVerifier";
import { createDpopVerifier, type DpopVerifier } from "./dpopVerifier";
import { createSampleData, type SampleData } from "./sampleData";

/** Which API a sample server plays. */
export type SampleApiKind = "todos" | "files" | "reports" | "notes" | "s3";

/** Options of `startSampleApi`. */
export interface SampleApiOptions {
  /** Which data and routes it serves: todos (GET/POST /todos), files (GET /files), reports (GET /reports), notes (GET /notes), s3 (GET /objects). */
  kind: SampleApiKind;
  /** Issuer whose tokens it accepts (its discovery document gives the JWKS). */
  issuer: string;
  /** The `aud` a token must carry. */
  audience: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Origins answered with CORS headers (preflight included). */
  corsOrigins: string[];
}

/** One request the API served. */
export interface ApiLogEntry {
  /** When it arrived (ms since the epoch). */
  at: number;
  /** HTTP method (OPTIONS for a preflight). */
  method: string;
  /** Path without the query. */
  path: string;
  /** Response status. */
  status: number;
  /** `aud` of the presented token (also for a rejected one, when it decodes). */
  aud?: string[];
  /** `sub` of the presented token. */
  sub?: string;
  /** Why the token was rejected. */
  reason?: string;
  /** The Authorization scheme of an accepted token (`Bearer` or `DPoP`). */
  scheme?: string;
}

/** A running sample API. */
export interface SampleApi {
  /** Base URL, e.g. "http://127.0.0.1:41234" (no trailing slash). */
  url: string;
  /** Its port. */
  port: number;
  /** Every request served, oldest first. */
  log: ApiLogEntry[];
  /** While `true`, DPoP proofs must carry the API's nonce: `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"` and `DPoP-Nonce` otherwise. */
  setDpopNonceRequired(required: boolean): void;
  /** Stop listening and drop open connections. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body?: unknown;
}

type Route = (claims: AccessTokenClaims, data: SampleData, body: unknown) => Reply;

const ROUTES: Record<SampleApiKind, Record<string, Route>> = {
  todos: {
    "GET /todos": (claims, data) => ({ status: 200, body: data.todos(claims.sub) }),
    "POST /todos": (claims, data, body) => {
      const title = typeof body === "object" && body !== null && "title" in body ? body.title : undefined;
      if (typeof title !== "string" || title.trim() === "") {
        return { status: 400, body: { error: "invalid_request", error_description: "JSON body needs a non-empty `title`" } };
      }
      return { status: 201, body: data.addTodo(claims.sub, title.trim()) };
    },
  },
  files: { "GET /files": (claims, data) => ({ status: 200, body: data.files(claims.sub) }) },
  reports: { "GET /reports": (claims, data) => ({ status: 200, body: data.reports(claims.sub) }) },
  notes: { "GET /notes": (claims, data) => ({ status: 200, body: data.notes(claims.sub) }) },
  s3: { "GET /objects": (claims, data) => ({ status: 200, body: data.objects(claims.sub) }) },
};

const whoami: Route = (claims) => ({
  status: 200,
  body: { sub: claims.sub, aud: claims.aud, scope: claims.scope, client_id: claims.client_id },
});

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        resolve(text ? JSON.parse(text) : undefined);
      } catch {
        resolve(undefined);
      }
    });
    req.on("error", () => resolve(undefined));
  });
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  res.statusCode = status;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(body));
}

/** Start a sample API on 127.0.0.1 that verifies every request's bearer token. */
export async function startSampleApi(options: SampleApiOptions): Promise<SampleApi> {
  const routes: Record<string, Route | undefined> = { ...ROUTES[options.kind], "GET /whoami": whoami };
  const verify = createBearerVerifier(options.issuer, options.audience);
  const dpop = createDpopVerifier();
  const data = createSampleData();
  const corsOrigins = new Set(options.corsOrigins);
  const log: ApiLogEntry[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<Omit<ApiLogEntry, "at" | "method" | "path">> {
    const origin = req.headers.origin;
    const allowed = origin !== undefined && corsOrigins.has(origin);
    if (allowed) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce");
    }
    res.setHeader("Vary", "Origin");

    if (req.method === "OPTIONS") {
      if (!allowed || !req.headers["access-control-request-method"]) {
        send(res, 403);
        return { status: 403, reason: "CORS preflight refused" };
      }
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "authorization, content-type");
      res.setHeader("Access-Control-Max-Age", "600");
      send(res, 204);
      return { status: 204 };
    }

    const result = await checkSender(await verify(req.headers.authorization), req, dpop);
    const nonce = dpop.currentNonce();
    if (nonce !== undefined) res.setHeader("DPoP-Nonce", nonce);
    if (!result.ok) {
      const description = result.reason.replace(/["\\]/g, "'");
      // RFC 9449 §7.1: a DPoP challenge names the algorithms; use_dpop_nonce comes with the nonce to use.
      const error = "useNonce" in result && result.useNonce ? "use_dpop_nonce" : "invalid_token";
      res.setHeader("WWW-Authenticate", [
        `Bearer realm="${options.kind}", error="invalid_token", error_description="${description}"`,
        `DPoP realm="${options.kind}", error="${error}", error_description="${description}", algs="ES256"`,
      ]);
      send(res, 401, { error, error_description: result.reason });
      return { status: 401, aud: result.aud, sub: result.sub, reason: result.reason };
    }

    const path = new URL(req.url ?? "/", "http://sample.invalid").pathname;
    const route = routes[`${req.method} ${path}`];
    const reply: Reply = route
      ? route(result.claims, data, req.method === "POST" ? await readBody(req) : undefined)
      : { status: 404, body: { error: "not_found", error_description: `No ${req.method} ${path} on the ${options.kind} API` } };
    send(res, reply.status, reply.body);
    return { status: reply.status, aud: result.claims.aud, sub: result.claims.sub, scheme: result.scheme };
  }

  const server = createServer((req, res) => {
    const at = Date.now();
    const path = new URL(req.url ?? "/", "http://sample.invalid").pathname;
    handle(req, res).then(
      (outcome) => log.push({ at, method: req.method ?? "GET", path, ...dropUndefined(outcome) }),
      (error: unknown) => {
        if (!res.headersSent) send(res, 500, { error: "server_error", error_description: String(error) });
        log.push({ at, method: req.method ?? "GET", path, status: 500, reason: String(error) });
      },
    );
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    setDpopNonceRequired: (required) => dpop.setNonceRequired(required),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

type SenderResult = BearerResult | { ok: false; reason: string; aud?: string[]; sub?: string; useNonce: boolean };

/**
 * The sender constraint of a verified token (RFC 9449 §7): a DPoP-bound token (`cnf.jkt`) only with the `DPoP` scheme
 * and a valid proof of its key; a DPoP scheme only with a bound token.
 */
async function checkSender(result: BearerResult, req: IncomingMessage, dpop: DpopVerifier): Promise<SenderResult> {
  if (!result.ok) return result;
  const { claims, scheme, token } = result;
  const jkt = claims.cnf?.jkt;
  if (scheme === "Bearer") {
    return jkt === undefined ? result : { ok: false, reason: "a DPoP-bound token presented as a bearer token", aud: claims.aud, sub: claims.sub };
  }
  const proof = req.headers.dpop;
  const checked = await dpop.verify({
    proof: Array.isArray(proof) ? undefined : proof,
    method: req.method ?? "GET",
    url: `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`,
    accessToken: token,
    jkt,
  });
  return checked.ok ? result : { ok: false, reason: checked.reason, aud: claims.aud, sub: claims.sub, useNonce: checked.useNonce === true };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
