/** Every reason the kit can fail, so callers can `switch (error.code)` instead of parsing messages. */
export type OidcErrorCode =
  /** `createOidc` was given a configuration it cannot work with; the message says how to fix it. */
  | "config_invalid"
  /** An API name was used that is not a key of `clients`. */
  | "unknown_api"
  /** No session: the user must log in interactively (`oidc.login()`). */
  | "login_required"
  /** The IdP needs the user (consent, MFA, account choice) before it issues this token. */
  | "interaction_required"
  /** The IdP (discovery, authorize or token endpoint) could not be reached. */
  | "idp_unreachable"
  /** The token endpoint answered with an error (`invalid_grant`, `invalid_target`, ...). */
  | "token_request_failed"
  /** The authorization response in the URL was malformed, unknown or rejected by the IdP. */
  | "invalid_callback"
  /** A silent request (hidden iframe) got no answer in time. */
  | "silent_timeout"
  /** An access token is a JWT whose `aud` does not name the API it is meant for. */
  | "audience_mismatch"
  /** A token or response could not be parsed. */
  | "malformed_token"
  /** A token-bound fetch was asked to send a token to a URL outside its API's `baseUrls`. */
  | "token_url_mismatch"
  /** The API answered 401 even with a freshly renewed token. */
  | "unauthorized"
  /** The API answered 403: the token is valid but not allowed. */
  | "forbidden"
  /** The user logged out while the operation was under way. */
  | "logged_out";

/** The one error class the kit throws; `code` says what went wrong, `cause` keeps the original error. */
export class OidcError extends Error {
  /** What went wrong, stable across versions. */
  readonly code: OidcErrorCode;
  /** The API (named client) concerned, when there is one. */
  readonly api: string | undefined;

  constructor(code: OidcErrorCode, message: string, options: { cause?: unknown; api?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OidcError";
    this.code = code;
    this.api = options.api;
  }
}

/** True when `value` is an `OidcError`, optionally with one of the given codes. */
export function isOidcError(value: unknown, ...codes: OidcErrorCode[]): value is OidcError {
  return value instanceof OidcError && (codes.length === 0 || codes.includes(value.code));
}
