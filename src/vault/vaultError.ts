import { OidcApisError, type KitErrorOptions, type VaultErrorCode } from "../core/errors.js";

export type { VaultErrorCode } from "../core/errors.js";

/** The error the Vault layer throws; `errors` carries Vault's own messages. */
export class VaultError extends OidcApisError<VaultErrorCode> {
  /** HTTP status Vault answered, when it answered. */
  readonly status: number | undefined;
  /** Vault's `errors` array (its messages, verbatim); empty when there were none. */
  readonly errors: string[];
  /** How long Vault asked to wait before trying again (`Retry-After`, in ms), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: VaultErrorCode,
    message: string,
    options: KitErrorOptions & { status?: number; errors?: string[]; retryAfterMs?: number } = {},
  ) {
    super(code, message, options);
    this.name = "VaultError";
    this.status = options.status;
    this.errors = options.errors ?? [];
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** True when `value` is a `VaultError`, optionally with one of the given codes. */
export function isVaultError(value: unknown, ...codes: VaultErrorCode[]): value is VaultError {
  return value instanceof VaultError && (codes.length === 0 || codes.includes(value.code));
}
