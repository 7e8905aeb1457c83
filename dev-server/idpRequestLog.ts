// A record of the authorization, token and end-session requests the dev IdP served, so tests can
// count round trips and see which parameters the client really sent.
import type { ParamValue, ProviderMiddleware } from "oidc-provider";

/** One request to the authorization, token or end-session endpoint. */
export interface IdpRequest {
  /** When it arrived (ms since the epoch). */
  at: number;
  /** HTTP method. */
  method: string;
  /** Path as served: "/auth", "/auth/<uid>" (resume after login), "/token", "/session/end", "/session/end/confirm". */
  path: string;
  /** `client_id` (for a resume: the client of the resumed request). */
  clientId?: string;
  /** `grant_type` of a token request. */
  grantType?: string;
  /** `prompt` of an authorization request. */
  prompt?: string;
  /** Every `resource` value, as sent. */
  resource?: string[];
  /** Auth0-style `audience` of an authorization request. */
  audience?: string;
  /** `scope` as sent. */
  scope?: string;
  /** Response status. */
  status: number;
  /** OAuth `error` code: from a token error body or from an error redirect (e.g. "login_required"). */
  error?: string;
  /** `error_description` that came with `error`. */
  errorDescription?: string;
}

/** The endpoints worth logging, as oidc-provider's default routes serve them. */
const LOGGED = /^\/(auth|token|session\/end)(\/|$)/;

function firstOf(value: ParamValue | null): string | undefined {
  if (value === null || value === undefined) return undefined;
  return Array.isArray(value) ? value[0] : value;
}

function allOf(value: ParamValue): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

function errorFromRedirect(location: string): { error?: string; errorDescription?: string } {
  const url = URL.parse(location);
  if (!url) return {};
  const params = new URLSearchParams(url.hash ? url.hash.slice(1) : url.search);
  const error = params.get("error") ?? undefined;
  return error ? { error, errorDescription: params.get("error_description") ?? undefined } : {};
}

function errorFromBody(body: unknown): { error?: string; errorDescription?: string } {
  if (typeof body !== "object" || body === null || !("error" in body)) return {};
  const { error, error_description: description } = body as { error: unknown; error_description?: unknown };
  return typeof error === "string"
    ? { error, errorDescription: typeof description === "string" ? description : undefined }
    : {};
}

/** Middleware (mounted first, before any rewriting) that appends one `IdpRequest` per logged request to `log`. */
export function requestLogger(log: IdpRequest[]): ProviderMiddleware {
  return async (ctx, next) => {
    if (!LOGGED.test(ctx.path) || ctx.method === "OPTIONS") {
      await next();
      return;
    }
    const at = Date.now();
    const query = new URLSearchParams(ctx.querystring);
    try {
      await next();
    } finally {
      // GET parameters are read as the client sent them; POST bodies only exist once oidc-provider parsed them.
      const body: Record<string, ParamValue> = ctx.oidc?.body ?? {};
      const get = (name: string): string | undefined => firstOf(query.get(name)) ?? firstOf(body[name]);
      const resources = query.getAll("resource");
      const entry: IdpRequest = {
        at,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        clientId: get("client_id") ?? safeClientId(ctx.oidc),
        grantType: get("grant_type"),
        prompt: get("prompt"),
        resource: resources.length > 0 ? resources : allOf(body.resource),
        audience: get("audience"),
        scope: get("scope"),
        ...(ctx.status >= 300 && ctx.status < 400
          ? errorFromRedirect(ctx.response.get("location"))
          : errorFromBody(ctx.body)),
      };
      log.push(dropUndefined(entry));
    }
  };
}

function safeClientId(oidc: { readonly client?: { readonly clientId: string } } | undefined): string | undefined {
  try {
    return oidc?.client?.clientId;
  } catch {
    return undefined;
  }
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
