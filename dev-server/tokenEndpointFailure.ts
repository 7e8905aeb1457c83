// A failing token endpoint, answered in front of oidc-provider the way the IdP's own error handling or a
// reverse proxy would: a JSON OAuth error, or a proxy's HTML page; optionally rate limited with Retry-After.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { IdpRequest } from "./idpRequestLog";

/** How `POST /token` fails while a failure is set (`DevIdp.setTokenEndpointFailure`). */
export interface TokenEndpointFailure {
  /** HTTP status to answer with, 400–599: e.g. 500, 503, 429. */
  status: number;
  /** Answer with an HTML error page (`text/html`), as a reverse proxy in front of the IdP does. Default: a JSON
   *  OAuth error body. */
  html?: boolean;
  /** OAuth `error` code of the JSON body. Default: `"temporarily_unavailable"` for 429 and 503, `"server_error"`
   *  otherwise. */
  error?: string;
  /** Sends `Retry-After: <seconds>` (exposed to browsers through CORS). Default: no header. */
  retryAfterSeconds?: number;
  /** Fail only the next `times` token requests, then answer normally again. Default: until cleared. */
  times?: number;
}

/** What answering a failure needs from the IdP. */
export interface TokenFailureContext {
  /** The IdP's request log; the failed request is appended to it. */
  log: IdpRequest[];
  /** The IdP's CORS policy: failures carry CORS headers for these origins, so a browser app can read them. */
  allowsOrigin(origin: string): boolean;
}

/** Enough of a token request form to log it; a larger body is drained, not kept. */
const MAX_FORM_BYTES = 64 * 1024;

/** Checks a token endpoint failure, throwing a `TypeError`/`RangeError` that names the bad field; returns a copy
 *  without undefined fields. */
export function checkTokenEndpointFailure(failure: TokenEndpointFailure): TokenEndpointFailure {
  if (typeof failure !== "object" || failure === null) throw new TypeError("tokenEndpointFailure: pass an object such as { status: 503 }.");
  const { status, html, error, retryAfterSeconds, times } = failure;
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError("tokenEndpointFailure.status: an HTTP error status, 400 to 599.");
  if (html !== undefined && typeof html !== "boolean") throw new TypeError("tokenEndpointFailure.html: a boolean.");
  if (error !== undefined && (typeof error !== "string" || !/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/.test(error))) {
    throw new TypeError("tokenEndpointFailure.error: an OAuth error code (printable ASCII, no quote or backslash).");
  }
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new RangeError("tokenEndpointFailure.retryAfterSeconds: a whole number of seconds, 0 or more.");
  }
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) throw new RangeError("tokenEndpointFailure.times: a whole number, 1 or more.");
  return {
    status,
    ...(html !== undefined && { html }),
    ...(error !== undefined && { error }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
    ...(times !== undefined && { times }),
  };
}

function defaultError(status: number): string {
  return status === 429 || status === 503 ? "temporarily_unavailable" : "server_error";
}

// Like the page nginx or a load balancer shows when the upstream is down: no OAuth in sight.
function proxyPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>dev-idp proxy</center>\r\n</body>\r\n</html>\r\n`;
}

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
      resolve(new URLSearchParams(isForm && size <= MAX_FORM_BYTES ? Buffer.concat(chunks).toString("utf8") : ""));
    });
    req.on("error", () => resolve(new URLSearchParams()));
  });
}

/** Answers a token request with `failure` instead of oidc-provider, and logs it as oidc-provider's are logged. */
export async function failTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  failure: TokenEndpointFailure,
  context: TokenFailureContext,
): Promise<void> {
  const at = Date.now();
  const form = await readForm(req);
  if (res.destroyed) return;
  const { status } = failure;
  const error = failure.html ? undefined : (failure.error ?? defaultError(status));
  const description = `dev IdP fault: the token endpoint is set to fail with ${status}`;
  const body = error === undefined ? proxyPage(status) : JSON.stringify({ error, error_description: description });

  res.statusCode = status;
  res.setHeader("content-type", error === undefined ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  if (failure.retryAfterSeconds !== undefined) res.setHeader("retry-after", String(failure.retryAfterSeconds));
  const origin = req.headers.origin;
  if (origin && context.allowsOrigin(origin)) {
    res.setHeader("access-control-allow-origin", origin);
    // Retry-After is not a CORS-safelisted header: without this a browser app could not honour it.
    res.setHeader("access-control-expose-headers", "Retry-After");
    res.setHeader("vary", "Origin");
  }
  res.end(body);

  const resources = form.getAll("resource");
  const entry: IdpRequest = { at, method: "POST", path: "/token", status };
  const clientId = form.get("client_id");
  const grantType = form.get("grant_type");
  const scope = form.get("scope");
  if (clientId !== null) entry.clientId = clientId;
  if (grantType !== null) entry.grantType = grantType;
  if (scope !== null) entry.scope = scope;
  if (resources.length > 0) entry.resource = resources;
  if (error !== undefined) Object.assign(entry, { error, errorDescription: description });
  context.log.push(entry);
}
