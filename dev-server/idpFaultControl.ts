// The dev IdP's fault switches over HTTP, for a test or benchmark that runs the IdP in another process:
// `GET /__faults` reports them, `POST /__faults` with a JSON body flips them.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { IdpFaultState, IdpFaultSwitches, RefreshTokenRotation } from "./idpFaultSwitches";
import type { TokenEndpointFailure } from "./tokenEndpointFailure";

/** Where the control endpoint answers on the IdP's origin. */
export const FAULT_CONTROL_PATH = "/__faults";

/** Body of `POST /__faults`: every field optional, applied all or nothing (`reset` first, `endSessions` last). */
export interface FaultControlRequest {
  /** Switch every fault off before applying the other fields. */
  reset?: true;
  /** `setReachable`. */
  reachable?: boolean;
  /** `setLatency`, ms. */
  latencyMs?: number;
  /** `setTokenEndpointFailure`; `null` clears it. */
  tokenEndpointFailure?: TokenEndpointFailure | null;
  /** `setRefreshTokenRotation`. */
  refreshTokenRotation?: RefreshTokenRotation;
  /** `endSessions`: an account id, or `true` for everyone. */
  endSessions?: string | true;
}

/** Answer of `GET`/`POST /__faults`: the switches after the change, and how many sessions were ended. */
export interface FaultControlResponse extends IdpFaultState {
  /** Present when `endSessions` was asked for. */
  endedSessions?: number;
}

const FIELDS = new Set(["reset", "reachable", "latencyMs", "tokenEndpointFailure", "refreshTokenRotation", "endSessions"]);
const MAX_BODY_BYTES = 16 * 1024;

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

function send(res: ServerResponse, status: number, body: object): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString("utf8") : undefined));
    req.on("error", () => resolve(undefined));
  });
}

// Everything that can be undone goes first; ending sessions cannot be undone, so it runs only once the rest held.
function apply(switches: IdpFaultSwitches, change: FaultControlRequest): number | undefined {
  const before = switches.currentFaults();
  try {
    if (change.reset !== undefined) {
      if (change.reset !== true) throw new TypeError("reset: true or absent.");
      switches.resetFaults();
    }
    if (change.reachable !== undefined) switches.setReachable(change.reachable);
    if (change.latencyMs !== undefined) switches.setLatency(change.latencyMs);
    if (change.tokenEndpointFailure !== undefined) switches.setTokenEndpointFailure(change.tokenEndpointFailure ?? undefined);
    if (change.refreshTokenRotation !== undefined) switches.setRefreshTokenRotation(change.refreshTokenRotation);
    const { endSessions } = change;
    if (endSessions !== undefined && endSessions !== true && (typeof endSessions !== "string" || endSessions === "")) {
      throw new TypeError("endSessions: an account id, or true for everyone.");
    }
  } catch (error) {
    switches.resetFaults();
    switches.setReachable(before.reachable);
    switches.setLatency(before.latencyMs);
    switches.setTokenEndpointFailure(before.tokenEndpointFailure);
    switches.setRefreshTokenRotation(before.refreshTokenRotation);
    throw error;
  }
  if (change.endSessions === undefined) return undefined;
  return switches.endSessions(change.endSessions === true ? undefined : change.endSessions);
}

/** Serves `GET`/`POST /__faults` for loopback callers; JSON only, so a web page cannot post to it without CORS
 *  (which it never grants). Errors answer `{ error, error_description }` with 400, 403, 405 or 415. */
export async function answerFaultControl(req: IncomingMessage, res: ServerResponse, switches: IdpFaultSwitches): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress)) {
    send(res, 403, { error: "access_denied", error_description: "The fault switches answer loopback callers only." });
    return;
  }
  if (req.method === "GET") {
    send(res, 200, switches.currentFaults());
    return;
  }
  if (req.method !== "POST") {
    res.setHeader("allow", "GET, POST");
    send(res, 405, { error: "invalid_request", error_description: "GET or POST." });
    return;
  }
  // A JSON content type cannot be sent cross-origin without a preflight, which this endpoint never answers.
  if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
    send(res, 415, { error: "invalid_request", error_description: "Send a JSON body (content-type: application/json)." });
    return;
  }
  const text = await readBody(req);
  let change: unknown;
  try {
    change = text === undefined ? undefined : JSON.parse(text);
  } catch {
    change = undefined;
  }
  if (typeof change !== "object" || change === null || Array.isArray(change)) {
    send(res, 400, { error: "invalid_request", error_description: "The body must be a JSON object of switches." });
    return;
  }
  const unknown = Object.keys(change).filter((key) => !FIELDS.has(key));
  if (unknown.length > 0) {
    send(res, 400, { error: "invalid_request", error_description: `Unknown switch: ${unknown.join(", ")}. Known: ${[...FIELDS].join(", ")}.` });
    return;
  }
  try {
    const endedSessions = apply(switches, change as FaultControlRequest);
    const answer: FaultControlResponse = { ...switches.currentFaults(), ...(endedSessions !== undefined && { endedSessions }) };
    send(res, 200, answer);
  } catch (error) {
    send(res, 400, { error: "invalid_request", error_description: error instanceof Error ? error.message : String(error) });
  }
}
