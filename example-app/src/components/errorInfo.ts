import { isRouteErrorResponse } from "react-router";
import { isOidcError } from "react-oidc-apis";
import { isVaultError } from "react-oidc-apis/vault";
import { ApiError } from "../api/fetchJson";

/** An error as an error panel shows it: a stable code first, then a human message. */
export interface ErrorInfo {
  /** The typed error code (`login_required`, `vault_permission_denied`, `api_error`, ...). */
  code: string;
  /** What happened. */
  message: string;
  /** Extra facts: the API concerned, the HTTP status, Vault's own messages. */
  details: string[];
}

/** Reads the code and facts out of the kit's, Vault's, the APIs' and the router's errors. */
export function errorInfo(error: unknown): ErrorInfo {
  if (isOidcError(error)) {
    return { code: error.code, message: error.message, details: error.api ? [`API: ${error.api}`] : [] };
  }
  if (isVaultError(error)) {
    const details = error.status === undefined ? [] : [`HTTP ${error.status}`];
    return { code: error.code, message: error.message, details: [...details, ...error.errors.map((e) => `Vault: ${e}`)] };
  }
  if (error instanceof ApiError) {
    return { code: error.code, message: error.message, details: error.status === undefined ? [] : [`HTTP ${error.status}`] };
  }
  if (isRouteErrorResponse(error)) {
    return { code: `http_${error.status}`, message: error.status === 404 ? "This page does not exist." : error.statusText, details: [] };
  }
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error), details: [] };
}
