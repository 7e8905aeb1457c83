import { CONTROL, invalid, isPlainObject, reservedNames } from "./configValues.js";
import { DEV } from "./platform/development.js";

/** Where extra parameters go, which decides the names the app may not set. */
export type ExtraParamsKind =
  /** `clients.<name>.extraAuthorizeParams`: every authorization request of that client, silent ones included. */
  | "clientAuthorize"
  /** `login({ params })`: the one interactive authorization request of that call. */
  | "login"
  /** `clients.<name>.extraTokenParams`: every token request of that client (code redemption and refresh). */
  | "token";

// The protocol parameters the kit writes itself; Sets, so an app's "constructor" or "__proto__" key finds nothing.
const authorizeReserved = new Set(
  "client_id redirect_uri response_type response_mode scope state nonce code_challenge code_challenge_method resource audience id_token_hint request request_uri".split(" "),
);
const tokenReserved = new Set("grant_type code code_verifier redirect_uri client_id client_secret refresh_token scope resource".split(" "));

/** True when `name` may not be set in `kind`: the kit sends it (a client's `prompt` would break silent requests). */
const reserved = (name: string, kind: ExtraParamsKind) =>
  kind === "token" ? tokenReserved.has(name) : authorizeReserved.has(name) || (kind === "clientAuthorize" && name === "prompt");


/**
 * `value` as extra request parameters once every name is an OAuth-style parameter name that the kit does not set itself
 * and every value is a string; throws `config_invalid` naming `where` and the fix. `undefined` gives no parameters.
 */
export function checkExtraParams(value: unknown, where: string, kind: ExtraParamsKind): Readonly<Record<string, string>> {
  // The explanation is `DEV && ...`: production builds name the place only (see platform/development.ts).
  if (value === undefined) return {};
  if (!isPlainObject(value)) return invalid(where, DEV && `${where} must be an object of string parameters, e.g. { ui_locales: "fr" }.`);
  const checked: Record<string, string> = {};
  for (const [name, param] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(name) || reservedNames.has(name)) {
      invalid(where, DEV && `${where} has a parameter name ${JSON.stringify(name.slice(0, 100))} that is not a request parameter name.`);
    }
    if (reserved(name.toLowerCase(), kind)) {
      invalid(where, DEV && `${where}.${name} cannot be set: the kit sends it${name === "prompt" ? " (pass it per login: login({ params: { prompt } }))" : ""}.`);
    }
    if (typeof param !== "string" || CONTROL.test(param)) invalid(where, DEV && `${where}.${name} must be a string without control characters.`);
    checked[name] = param as string;
  }
  return Object.freeze(checked);
}
