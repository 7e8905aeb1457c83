import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../../src/core/config";
import type { AuthorizationResponse } from "../../../../src/core/protocol/authorizationResponse";
import { refusalError, type RefusedRequest } from "../../../../src/core/tokens/authorizationRefusal";

const config = resolveConfig(
  {
    issuer: "https://idp.example",
    clients: { app: { clientId: "myapp" }, todos: { clientId: "myapp-todos", scope: "openid todos" }, files: { clientId: "myapp", resource: "https://files.example" } },
  },
  "https://app.example",
);

const response = (error: string, errorDescription?: string): AuthorizationResponse => ({ state: "s", code: undefined, error, errorDescription, iss: undefined });
const request = (api: "app" | "todos", extra: Partial<RefusedRequest> = {}): RefusedRequest => ({
  unit: config.clients[api]!,
  clientId: config.clients[api]!.clientId,
  isLogin: api === "app",
  silent: true,
  hint: undefined,
  config,
  ...extra,
});

describe("refusalError", () => {
  it("keeps 'log in, please' answers as login_required / interaction_required, anything else is idp_refused; all carry the IdP's words", () => {
    const cases: [string, string | undefined, string][] = [
      ["login_required", undefined, "login_required"],
      ["interaction_required", undefined, "interaction_required"],
      ["consent_required", "consent needed", "interaction_required"],
      ["account_selection_required", undefined, "interaction_required"],
      ["invalid_request", "nonce required", "idp_refused"],
      ["access_denied", undefined, "idp_refused"],
      ["constructor", undefined, "idp_refused"],
      ["server_error", "boom", "idp_refused"],
    ];
    for (const [error, description, code] of cases) {
      const refused = refusalError(response(error, description), request("app"));
      expect(refused, error).toMatchObject({ code, api: "app", idpError: error, idpErrorDescription: description });
      expect(refused.message).toContain(`(${error}${description ? `: ${description}` : ""})`);
    }
  });

  it("explains Glewlwyd's 'id_token mandatory': for a dedicated client, use the resource strategy; for the login client, keep the session across reloads", () => {
    const dedicated = refusalError(response("invalid_request", "id_token mandatory"), request("todos"));
    expect(dedicated.message).toMatch(/it cannot get its first token silently\. Use the resource strategy for "todos"/);
    const login = refusalError(response("invalid_request", "id_token mandatory"), request("app"));
    expect(login.message).toMatch(/this page has none \(kept in memory, lost on reload\)\. Set tokenStorage: "sessionStorage"/);
  });

  it("tells a refused foreign hint from a stale own one", () => {
    const foreign = refusalError(response("invalid_request", "could not validate id_token_hint"), request("todos", { hint: "login" }));
    expect(foreign.message).toContain('set clients.todos.idTokenHint to "own"');
    const stale = refusalError(response("invalid_request", "id_token invalid"), request("app", { hint: "own" }));
    expect(stale.message).toMatch(/did not take the client's ID token.*idTokenHint to "none"/);
  });

  it("names the setting for other known refusals, and says nothing it does not know", () => {
    const hints: [string, string | undefined, RefusedRequest, RegExp][] = [
      ["invalid_request", "nonce required", request("todos"), /add "openid" to clients\.todos\.scope/],
      ["consent_required", undefined, request("todos"), /Grant consent to client "myapp-todos"/],
      ["login_required", undefined, request("todos"), /sessionRestoration: "redirect"/],
      ["invalid_scope", undefined, request("todos"), /Allow scope "openid todos" for client "myapp-todos"/],
      ["unauthorized_client", undefined, request("todos"), /authorization code flow/],
    ];
    for (const [error, description, req, hint] of hints) expect(refusalError(response(error, description), req).message, error).toMatch(hint);
    // The login client's own login_required is just "logged out": no cookie advice.
    expect(refusalError(response("login_required"), request("app")).message).toBe('The IdP refused the authorization request for "app" (login_required).');
    expect(refusalError(response("temporarily_unavailable", "later"), request("app")).message).toBe(
      'The IdP refused the authorization request for "app" (temporarily_unavailable: later).',
    );
  });
});
