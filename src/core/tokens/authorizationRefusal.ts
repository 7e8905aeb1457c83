import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
import type { AuthorizationResponse } from "../protocol/authorizationResponse.js";
import { needsUser } from "../protocol/tokenEndpoint.js";
import type { ResolvedApiClient, ResolvedOidcConfig } from "../types.js";

/** What was asked, so a refusal can be explained. */
export interface RefusedRequest {
  /** The client the request was made for (its grant owner). */
  unit: ResolvedApiClient;
  /** The client id sent (the login client's for shared-client strategies). */
  clientId: string;
  /** True for the login client's own request. */
  isLogin: boolean;
  /** A `prompt=none` request. */
  silent: boolean;
  /** Whose ID token went as `id_token_hint`: this client's own, the login client's, or none. */
  hint: "own" | "login" | undefined;
  config: Pick<ResolvedOidcConfig, "tokenStorage" | "loginClient">;
}

/** One refusal a known IdP gives, and the setting it points to. */
interface KnownRefusal {
  error: string;
  /** Matched against `error_description`; absent matches any. */
  description?: RegExp;
  /** The explanation, or `undefined` when it does not apply to this request. */
  explain(request: RefusedRequest): string | undefined;
}

const quoted = (value: string) => JSON.stringify(value);

/** The error an authorization response's `error` becomes: `login_required` / `interaction_required`, else `idp_refused`. */
export function refusalError(response: AuthorizationResponse, request: RefusedRequest): OidcError {
  const error = response.error ?? "unknown_error";
  const description = response.errorDescription;
  const api = request.unit.name;
  // The setting a known refusal points to, in development builds only. Inline, in an expression (not a function of its
  // own, not an `if`): esbuild drops `DEV ? ...` with the table once DEV is the constant false. Most specific first.
  const hint = DEV
    ? ([
      {
        // Glewlwyd: prompt=none without an id_token_hint, or for a client it never issued an ID token to.
        error: "invalid_request",
        description: /id_token (is )?mandatory|id_token_hint (is )?(required|missing)/i,
        explain: ({ unit, isLogin, config }) =>
          isLogin
            ? `This IdP needs the last ID token it issued to the client as id_token_hint for a silent request, and this page has none` +
              `${config.tokenStorage === "memory" ? " (kept in memory, lost on reload)" : ""}. Set tokenStorage: "sessionStorage", or log in again.`
            : `This IdP needs the last ID token it issued to that very client as id_token_hint, and it has none: it cannot get its first ` +
              `token silently. Use the resource strategy for ${quoted(unit.name)}, or an interactive first login for that client.`,
      },
      {
        // Glewlwyd: "id_token invalid"; oidc-provider: "could not validate id_token_hint".
        error: "invalid_request",
        description: /id_token.*invalid|validate id_token_hint/i,
        explain: ({ unit, hint }) =>
          hint === "login"
            ? `This IdP takes no other client's ID token as id_token_hint: set clients.${unit.name}.idTokenHint to "own".`
            : `This IdP did not take the client's ID token as id_token_hint (another tab may have logged in since): log in again, or set ` +
              `clients.${unit.name}.idTokenHint to "none".`,
      },
      {
        error: "invalid_request",
        description: /nonce/i,
        explain: ({ unit }) => `The kit sends a nonce when scope has "openid": add "openid" to clients.${unit.name}.scope.`,
      },
      {
        error: "consent_required",
        explain: ({ clientId }) => `Grant consent to client ${quoted(clientId)} at the IdP (implicit for a first-party client), or log in interactively.`,
      },
      {
        error: "login_required",
        explain: ({ isLogin, silent }) =>
          !isLogin && silent
            ? `The IdP's session cookie did not reach this silent request (IdP on another site, third-party cookies blocked): use ` +
              `sessionRestoration: "redirect", or serve the IdP on the app's site.`
            : undefined,
      },
      {
        error: "invalid_scope",
        explain: ({ unit, clientId }) => `Allow scope ${quoted(unit.scope)} for client ${quoted(clientId)} at the IdP, or change clients.${unit.name}.scope.`,
      },
      {
        error: "unauthorized_client",
        explain: ({ clientId }) => `Allow the authorization code flow with PKCE for client ${quoted(clientId)} at the IdP.`,
      },
      ] as KnownRefusal[]).find((k) => k.error === error && (k.description === undefined || k.description.test(description ?? "")))?.explain(request)
    : undefined;
  return new OidcError(
    needsUser.get(error) ?? "idp_refused",
    `The IdP refused the authorization request for ${quoted(api)} (${error}${description ? `: ${description}` : ""}).${hint ? ` ${hint}` : ""}`,
    { api, idpError: error, idpErrorDescription: description, cause: { error, error_description: description } },
  );
}
