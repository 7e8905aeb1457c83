import { isRouteErrorResponse } from "react-router";
import { isOidcApisError, isOidcError, isTransientError } from "react-oidc-apis";
import { isVaultError } from "react-oidc-apis/vault";
import { ApiError } from "../api/fetchJson";

/** An error as an error panel shows it: a stable code first, then a human message. */
export interface ErrorInfo {
  /** The typed error code (`login_required`, `vault_permission_denied`, `api_error`, ...). */
  code: string;
  /** What happened. */
  message: string;
  /** Extra facts: the API concerned, the HTTP status, Vault's own messages, whether it heals by itself. */
  details: string[];
}

/** Reads the code and facts out of the kit's, Vault's, the APIs' and the router's errors. */
export function errorInfo(error: unknown): ErrorInfo {
  if (isOidcApisError(error)) {
    // The kit's and Vault's errors share a base with a `code`; each adds its own facts.
    const details = isOidcError(error) && error.api ? [`API: ${error.api}`] : [];
    if (isVaultError(error)) details.push(...(error.status === undefined ? [] : [`HTTP ${error.status}`]), ...error.errors.map((e) => `Vault: ${e}`));
    if (isTransientError(error)) details.push("Temporary: it is retried automatically.");
    return { code: error.code, message: error.message, details };
  }
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, details: error.status === undefined ? [] : [`HTTP ${error.status}`] };
  }
  if (isRouteErrorResponse(error)) {
    return { code: `http_${error.status}`, message: error.status === 404 ? "This page does not exist." : error.statusText, details: [] };
  }
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error), details: [] };
}
