// Every request a browser sends to the IdP, seen from the browser (Playwright's context events), so requests
// that never reached the IdP (dropped connections during an outage) count too, and each library's browser
// counts only its own. Iframe navigations (silent authorizations) are included.
import type { BrowserContext, Request } from "playwright-core";

/** One request from the browser to the IdP. */
export interface IdpCall {
  /** When the browser sent it (driver clock). */
  at: number;
  method: string;
  /** Path without the query, e.g. "/token", "/auth", "/.well-known/openid-configuration". */
  path: string;
  /** The API it is for (see `LiveLibrary.apiOf`), or "meta" for discovery, keys and other endpoints. */
  api: string;
  clientId?: string;
  grantType?: string;
  resource?: string;
  /** HTTP status, once answered. */
  status?: number;
  /** Why it failed, when it never got an answer. */
  failure?: string;
}

/** Endpoints whose requests name a client. */
const CLIENT_ENDPOINTS = new Set(["/auth", "/token"]);

/** Records the IdP requests of `context` into the returned array (oldest first) for as long as the context lives. */
export function recordIdpTraffic(
  context: BrowserContext,
  issuer: string,
  apiOf: (clientId: string | undefined, resource: string | undefined) => string,
): IdpCall[] {
  const origin = new URL(issuer).origin;
  const calls: IdpCall[] = [];
  const byRequest = new WeakMap<Request, IdpCall>();
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin) return;
    const form = request.method() === "POST" ? new URLSearchParams(request.postData() ?? "") : new URLSearchParams();
    const param = (name: string) => url.searchParams.get(name) ?? form.get(name) ?? undefined;
    const clientId = param("client_id");
    const resource = param("resource");
    const call: IdpCall = {
      at: Date.now(),
      method: request.method(),
      path: url.pathname,
      api: CLIENT_ENDPOINTS.has(url.pathname) ? apiOf(clientId, resource) : "meta",
    };
    if (clientId !== undefined) call.clientId = clientId;
    const grantType = param("grant_type");
    if (grantType !== undefined) call.grantType = grantType;
    if (resource !== undefined) call.resource = resource;
    calls.push(call);
    byRequest.set(request, call);
  });
  context.on("response", (response) => {
    const call = byRequest.get(response.request());
    if (call) call.status = response.status();
  });
  context.on("requestfailed", (request) => {
    const call = byRequest.get(request);
    if (call) call.failure = request.failure()?.errorText ?? "failed";
  });
  return calls;
}
