import { OidcError, type OidcErrorCode } from "../errors.js";
import { DEV } from "../platform/development.js";
import type { FetchFunction } from "../platform/environment.js";
import { readJsonObject, sendToIdp, transientFailure } from "./http.js";

/** A successful token response (RFC 6749 §5.1), checked field by field. */
export interface TokenResponse {
  accessToken: string;
  tokenType: string;
  /** Seconds, when the IdP said. */
  expiresIn: number | undefined;
  scope: string | undefined;
  /** Absent when the IdP keeps the previous refresh token valid (RFC 6749 §6). */
  refreshToken: string | undefined;
  idToken: string | undefined;
}

/** An OAuth error response body (RFC 6749 §5.2), kept as the `cause` of the error it becomes. */
export interface OAuthErrorBody {
  error: string;
  error_description: string | undefined;
}

/** Parameters of a token request; `undefined` values are left out, arrays repeat the parameter. */
export type TokenRequestParams = Record<string, string | string[] | undefined>;

/** POSTs a form to the token endpoint. */
export function tokenRequest(fetchFn: FetchFunction, tokenEndpoint: string, params: TokenRequestParams, api: string): Promise<Response> {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of [value ?? []].flat()) body.append(name, item);
  }
  return sendToIdp(
    fetchFn,
    tokenEndpoint,
    { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" }, body },
    "token request",
    api,
  );
}

/**
 * The kit's code for an IdP `error` that needs the user, at the token or the authorization endpoint. A Map, not an object
 * literal: an IdP's `error` of "constructor" or "valueOf" must not reach Object.prototype.
 */
export const needsUser: ReadonlyMap<string, OidcErrorCode> = new Map<string, OidcErrorCode>([
  ["login_required", "login_required"],
  ["interaction_required", "interaction_required"],
  ["consent_required", "interaction_required"],
  ["account_selection_required", "interaction_required"],
]);

const optionalString = (body: Record<string, unknown>, field: string, api: string): string | undefined => {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw malformed(api, `"${field}" is not a string`);
  return value;
};

const malformed = (api: string, why: string): OidcError =>
  new OidcError("malformed_token", `The token response for "${api}" is not usable: ${why}.`, { api });

function expiresInOf(value: unknown, api: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) throw malformed(api, DEV ? '"expires_in" is not a number of seconds' : '"expires_in"');
  return seconds;
}

/** Checks a token endpoint answer; 5xx/429 are transient, OAuth errors keep the IdP's `error` as `cause`. */
export async function processTokenResponse(response: Response, api: string, now: number): Promise<TokenResponse> {
  const transient = transientFailure(response, "token request", now, api);
  if (transient) throw transient;
  const body = await readJsonObject(response);
  if (!response.ok) {
    const error = typeof body?.error === "string" ? body.error : `http_${response.status}`;
    const description = typeof body?.error_description === "string" ? body.error_description : undefined;
    const cause: OAuthErrorBody = { error, error_description: description };
    const code = needsUser.get(error) ?? "token_request_failed";
    throw new OidcError(code, `The IdP refused the token request for "${api}" (${error}${description ? `: ${description}` : ""}).`, {
      api,
      cause,
      // An empty error body (Glewlwyd's refused refresh token) has no OAuth error to report.
      idpError: typeof body?.error === "string" ? body.error : undefined,
      idpErrorDescription: description,
    });
  }
  if (!body) throw malformed(api, DEV ? "the body is not a JSON object" : "body");
  const accessToken = optionalString(body, "access_token", api);
  if (!accessToken) throw malformed(api, DEV ? 'it has no "access_token"' : '"access_token"');
  return {
    accessToken,
    tokenType: optionalString(body, "token_type", api) ?? "Bearer",
    expiresIn: expiresInOf(body.expires_in, api),
    scope: optionalString(body, "scope", api),
    refreshToken: optionalString(body, "refresh_token", api) || undefined,
    idToken: optionalString(body, "id_token", api) || undefined,
  };
}

/**
 * True when `error` is the IdP refusing a grant: `invalid_grant`, or a bare HTTP 400 without an OAuth error (how
 * Glewlwyd refuses a revoked refresh token). The refresh token or code is no longer good.
 */
export function isRejectedGrant(error: unknown): boolean {
  const refused = error instanceof OidcError && error.code === "token_request_failed" ? (error.cause as OAuthErrorBody | undefined)?.error : undefined;
  return refused === "invalid_grant" || refused === "http_400";
}
