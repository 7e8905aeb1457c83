/** Every reason a Vault call can fail, so callers can `switch (error.code)` instead of parsing messages. */
export type VaultErrorCode =
  /** `createVaultClient` was given options it cannot work with; the message says how to fix it. */
  | "vault_config_invalid"
  /** `auth/<mount>/login` refused the OIDC access token (wrong role, audience, issuer, expired JWT, ...): see `errors`. */
  | "vault_login_failed"
  /** Vault answered 403 even with a fresh Vault token: the token's policies do not allow this path. */
  | "vault_permission_denied"
  /** Vault answered 404: no secret (or no such version) at this path. */
  | "vault_not_found"
  /** Vault answered another error status (400, 5xx, sealed, ...): see `status` and `errors`. */
  | "vault_request_failed"
  /** Vault could not be reached (network, DNS, CORS refused by the browser). */
  | "vault_unreachable"
  /** Vault answered something that is not the documented shape. */
  | "vault_bad_response"
  /** A Vault-bound fetch was asked to send the Vault token to a URL outside `vaultUrl`. */
  | "vault_url_mismatch";

/** The error the Vault layer throws; `errors` carries Vault's own messages. */
export class VaultError extends Error {
  /** What went wrong, stable across versions. */
  readonly code: VaultErrorCode;
  /** HTTP status Vault answered, when it answered. */
  readonly status: number | undefined;
  /** Vault's `errors` array (its messages, verbatim); empty when there were none. */
  readonly errors: string[];

  constructor(code: VaultErrorCode, message: string, options: { status?: number; errors?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VaultError";
    this.code = code;
    this.status = options.status;
    this.errors = options.errors ?? [];
  }
}

/** True when `value` is a `VaultError`, optionally with one of the given codes. */
export function isVaultError(value: unknown, ...codes: VaultErrorCode[]): value is VaultError {
  return value instanceof VaultError && (codes.length === 0 || codes.includes(value.code));
}
