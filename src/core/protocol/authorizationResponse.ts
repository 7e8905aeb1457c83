import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";

const responseParams = ["code", "state", "error", "error_description", "error_uri", "session_state", "iss"];

/** The parameters of an authorization response (RFC 6749 §4.1.2, RFC 9207). */
export interface AuthorizationResponse {
  state: string;
  code: string | undefined;
  error: string | undefined;
  errorDescription: string | undefined;
  iss: string | undefined;
}

function parseUrl(href: string): URL | undefined {
  return typeof href === "string" && URL.canParse(href) ? new URL(href) : undefined;
}

/** The authorization response `href` carries (query string), or `undefined` when it carries none. */
export function parseAuthorizationResponse(href: string): AuthorizationResponse | undefined {
  const params = parseUrl(href)?.searchParams;
  const state = params?.get("state");
  if (!params || !state || (!params.has("code") && !params.has("error"))) return undefined;
  const optional = (name: string) => params.get(name) ?? undefined;
  return { state, code: optional("code"), error: optional("error"), errorDescription: optional("error_description"), iss: optional("iss") };
}

/** The `state` of an authorization response carried by `href`, if it carries one. */
export function authorizationResponseState(href: string): string | undefined {
  return parseAuthorizationResponse(href)?.state;
}

/** `href` without the authorization response parameters, so a reload or bookmark never replays them. */
export function withoutAuthorizationResponse(href: string): string {
  const url = parseUrl(href);
  if (!url) return href;
  for (const name of responseParams) url.searchParams.delete(name);
  return url.href;
}

const sameIssuer = (a: string, b: string): boolean => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

/**
 * RFC 9207: when the IdP says it sends `iss`, or whenever `iss` is present, it must be the issuer; a mix-up
 * (another IdP's response replayed into this app) is refused before its code is redeemed.
 */
export function checkResponseIssuer(response: AuthorizationResponse, issuer: string, issAdvertised: boolean, api: string): void {
  if (response.iss === undefined && !issAdvertised) return;
  if (response.iss === undefined || !sameIssuer(response.iss, issuer)) {
    throw new OidcError(
      "invalid_callback",
      `The authorization response for "${api}" names issuer ${JSON.stringify(response.iss ?? null)}, not "${issuer}"${DEV ? " (RFC 9207): refused, its code was not redeemed" : ""}.`,
      { api },
    );
  }
}
