import { ErrorResponse, ErrorTimeout } from "oidc-client-ts";
import { OidcError, type OidcErrorCode } from "./errors";

const needsUser: Record<string, OidcErrorCode> = {
  login_required: "login_required",
  interaction_required: "interaction_required",
  consent_required: "interaction_required",
  account_selection_required: "interaction_required",
};

/** Turns whatever oidc-client-ts or fetch threw into an `OidcError` with a code callers can switch on. */
export function toOidcError(error: unknown, api: string, during: "authorize" | "token"): OidcError {
  if (error instanceof OidcError) return error;
  if (error instanceof ErrorResponse) {
    const idpCode = error.error ?? "unknown_error";
    const code = needsUser[idpCode] ?? (during === "token" ? "token_request_failed" : "invalid_callback");
    const detail = error.error_description ? `: ${error.error_description}` : "";
    return new OidcError(code, `The IdP refused the ${during} request for "${api}" (${idpCode}${detail}).`, { cause: error, api });
  }
  if (error instanceof ErrorTimeout || error instanceof TypeError) {
    return new OidcError("idp_unreachable", `The IdP could not be reached while getting a token for "${api}".`, { cause: error, api });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new OidcError(during === "token" ? "token_request_failed" : "invalid_callback", `${message} (api "${api}")`, {
    cause: error,
    api,
  });
}
