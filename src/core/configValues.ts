import { OidcError } from "./errors.js";

// What the configuration checks (config.ts) and the extra-parameter checks (extraParams.ts) share.

/**
 * Throws `config_invalid` naming `field`. The how-to-fix `explanation` is written `DEV && ...`: development builds say
 * what is wrong and how to fix it, production builds ship only the field's name.
 */
export function invalid(field: string, explanation: string | false): never {
  throw new OidcError("config_invalid", `react-oidc-apis: ${explanation || `invalid configuration at ${field}.`}`);
}

/** True for an object literal (or a null-prototype object), not an array, a class instance or a function. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Control characters, refused in names and parameter values. */
export const CONTROL = /[\u0000-\u001f\u007f]/;

/** Names that would reach Object.prototype when used as keys. */
export const reservedNames = new Set(["__proto__", "constructor", "prototype"]);
