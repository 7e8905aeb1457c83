/** Every reason the OIDC core can fail, so callers can `switch (error.code)` instead of parsing messages. */
export type OidcErrorCode =
  /** `createOidc` was given a configuration it cannot work with; the message says how to fix it. */
  | "config_invalid"
  /** An API name was used that is not a key of `clients`. */
  | "unknown_api"
  /** No session: the user must log in interactively (`oidc.login()`). */
  | "login_required"
  /** The IdP needs the user (consent, MFA, account choice) before it issues this token. */
  | "interaction_required"
  /** The IdP (discovery, authorize or token endpoint) could not be reached, timed out, or answered 5xx/429: transient. */
  | "idp_unreachable"
  /** The token endpoint answered with an error (`invalid_grant`, `invalid_target`, ...); `idpError` and `idpErrorDescription` say which. */
  | "token_request_failed"
  /**
   * The IdP refused an authorization request (`invalid_request`, `invalid_scope`, `access_denied`, ...). `idpError` and
   * `idpErrorDescription` carry its words; for refusals known providers give, the message names the setting to change.
   */
  | "idp_refused"
  /** A callback carries a `state` this app did not send (an old bookmark, another app's response, a replay): ignored, nothing redeemed. */
  | "unknown_state"
  /** An authorization response or its ID token failed a check (issuer, audience, nonce, subject, expiry, missing code). */
  | "invalid_callback"
  /** A silent request (hidden iframe) got no answer in time: a slow or unreachable IdP; transient. */
  | "silent_timeout"
  /**
   * A silent request's hidden iframe landed somewhere else than the redirect URI (the IdP refused to be framed with
   * `X-Frame-Options` / CSP `frame-ancestors`, or showed a login or error page instead of answering `prompt=none`).
   * Iframes cannot work with this IdP: use `sessionRestoration: "redirect"`. Remembered for the tab: not retried.
   */
  | "silent_refused"
  /** An access token is a JWT whose `aud` does not name the API it is meant for. */
  | "audience_mismatch"
  /** A token or response could not be parsed. */
  | "malformed_token"
  /** A token-bound fetch was asked to send a token to a URL outside its API's `baseUrls`. */
  | "token_url_mismatch"
  /** A token-bound fetch got a redirect it will not follow with the token: out of `baseUrls`, too many hops, no usable `Location`, or a browser `opaqueredirect` whose target it cannot see. */
  | "redirect_refused"
  /** The API answered 401 even with a freshly renewed token. */
  | "unauthorized"
  /** The API answered 403: the token is valid but not allowed. */
  | "forbidden"
  /** The user logged out while the operation was under way. */
  | "logged_out"
  /** One API was sent through the IdP again and again without keeping a token: the kit stopped the redirects. */
  | "redirect_loop"
  /**
   * DPoP could not be used for a client with `dpop: true`: the IdP answered a `token_type` other than `DPoP` (it does
   * not bind that client's tokens), the browser cannot make a non-extractable ES256 key, or `createDpopProof` got a bad request.
   */
  | "dpop_failed"
  /** A hook was used outside `<OidcProvider>`. */
  | "provider_missing"
  /** `start`, `login`, `logout` or `getApiToken` ran on a server (no `window`, no `environment` option): call them in the browser. */
  | "browser_required"
  /** `loginWithPopup` could not open its popup: the browser blocks popups not opened directly in a click handler. */
  | "popup_blocked"
  /** The user closed the login popup before the login finished. */
  | "popup_closed"
  /** The login popup gave no answer in time (`timeoutMs`). */
  | "popup_timeout"
  /** A bug: the kit (or an injected function) threw something that is not a protocol or network failure. */
  | "internal_error";

/** Every reason the Vault layer can fail. */
export type VaultErrorCode =
  /** `createVaultClient` was given options it cannot work with; the message says how to fix it. */
  | "vault_config_invalid"
  /** `auth/<mount>/login` refused the OIDC access token (wrong role, audience, issuer, expired JWT, ...): see `errors`. */
  | "vault_login_failed"
  /** Vault answered 403 even with a fresh Vault token: the token's policies do not allow this path. */
  | "vault_permission_denied"
  /** Vault answered 404: no secret (or no such version) at this path. */
  | "vault_not_found"
  /** Vault answered another error status (400, a failed check-and-set, ...): final; see `status` and `errors`. */
  | "vault_request_failed"
  /** Vault could not be reached (network, DNS, CORS refused by the browser) or answered 5xx/429 (sealed, standby, rate-limited): transient. */
  | "vault_unreachable"
  /** Vault answered something that is not the documented shape. */
  | "vault_bad_response"
  /** A Vault-bound fetch was asked to send the Vault token to a URL outside `vaultUrl`. */
  | "vault_url_mismatch"
  /** Vault (or whatever answers at its URL) answered a redirect: not followed with the Vault token, and its body is not returned. */
  | "vault_redirect_refused"
  /** A KV mount or path cannot be sent safely: not a string, an empty, `.` or `..` segment, unencodable text, or a bad version. */
  | "vault_path_invalid";

/** Every error code of the kit, OIDC and Vault alike. */
export type ErrorCode = OidcErrorCode | VaultErrorCode;

/** Options every kit error takes. */
export interface KitErrorOptions {
  /** The underlying error or response. */
  cause?: unknown;
}

/** The base of every error the kit throws: `code` says what went wrong, `cause` keeps the original. */
export abstract class OidcApisError<Code extends ErrorCode = ErrorCode> extends Error {
  /** What went wrong, stable across versions. */
  readonly code: Code;

  constructor(code: Code, message: string, options: KitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/** Options of an `OidcError`. */
export interface OidcErrorOptions extends KitErrorOptions {
  /** The API (named client) concerned. */
  api?: string;
  /** How long the IdP asked to wait (`Retry-After`), in ms. */
  retryAfterMs?: number;
  /** The IdP's OAuth `error` code. */
  idpError?: string;
  /** The IdP's `error_description`. */
  idpErrorDescription?: string;
}

/** The error of the OIDC core and its React, query and router layers. */
export class OidcError extends OidcApisError<OidcErrorCode> {
  /** The API (named client) concerned, when there is one. */
  readonly api: string | undefined;
  /** How long the IdP asked to wait before trying again (`Retry-After`), in ms, when it said. */
  readonly retryAfterMs: number | undefined;
  /** The OAuth `error` the IdP answered (`invalid_request`, `consent_required`, ...), when it answered one. */
  readonly idpError: string | undefined;
  /** The IdP's `error_description`, when it gave one (free text of the IdP, not the kit's). */
  readonly idpErrorDescription: string | undefined;

  constructor(code: OidcErrorCode, message: string, options: OidcErrorOptions = {}) {
    super(code, message, options);
    this.name = "OidcError";
    this.api = options.api;
    this.retryAfterMs = options.retryAfterMs;
    this.idpError = options.idpError;
    this.idpErrorDescription = options.idpErrorDescription;
  }
}

/** True when `value` is any error of the kit, optionally with one of the given codes. */
export function isOidcApisError(value: unknown, ...codes: ErrorCode[]): value is OidcApisError {
  return value instanceof OidcApisError && (codes.length === 0 || codes.includes(value.code));
}

/** Codes of failures that pass by themselves: the kit retries them with backoff. */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["idp_unreachable", "silent_timeout", "vault_unreachable"]);

/** True when `error` is a failure the kit retries by itself (IdP or Vault unreachable, 5xx, 429, silent timeout). */
export function isTransientError(error: unknown): boolean {
  return error instanceof OidcApisError && TRANSIENT.has(error.code);
}

/** True when `value` is an `OidcError`, optionally with one of the given codes. */
export function isOidcError(value: unknown, ...codes: OidcErrorCode[]): value is OidcError {
  return value instanceof OidcError && (codes.length === 0 || codes.includes(value.code));
}
