import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../src/core/config";
import { OidcError } from "../../../src/core/errors";
import { checkExtraParams } from "../../../src/core/extraParams";
import type { ApiClientConfig, OidcConfig } from "../../../src/core/types";

const origin = "https://app.example";
const config = (clients: Record<string, ApiClientConfig>): OidcConfig => ({ issuer: "https://idp.example", clients });

function refusal(run: () => unknown): OidcError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof OidcError) return error;
    throw error;
  }
  return undefined;
}

describe("checkExtraParams", () => {
  it("keeps OAuth-style names with string values, frozen; none when absent", () => {
    const params = checkExtraParams({ ui_locales: "fr de", acr_values: "urn:mfa", kc_idp_hint: "corp", "x-tenant": "t1" }, "where", "clientAuthorize");
    expect(params).toEqual({ ui_locales: "fr de", acr_values: "urn:mfa", kc_idp_hint: "corp", "x-tenant": "t1" });
    expect(Object.isFrozen(params)).toBe(true);
    expect(checkExtraParams(undefined, "where", "token")).toEqual({});
  });

  it("lets a login call set prompt, max_age and login_hint, but not a client's configuration (silent requests need prompt=none)", () => {
    expect(checkExtraParams({ prompt: "login", max_age: "0", login_hint: "bob" }, "login({ params })", "login")).toMatchObject({ prompt: "login" });
    expect(refusal(() => checkExtraParams({ prompt: "login" }, "clients.app.extraAuthorizeParams", "clientAuthorize"))?.message).toMatch(
      /clients\.app\.extraAuthorizeParams\.prompt cannot be set: .*login\(\{ params: \{ prompt/,
    );
  });

  it("refuses every protocol parameter the kit sets, whatever its case, with config_invalid", () => {
    const authorize = ["client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge",
      "code_challenge_method", "resource", "audience", "id_token_hint", "request", "request_uri", "STATE", "Nonce"];
    for (const name of authorize) {
      expect(refusal(() => checkExtraParams({ [name]: "x" }, "login({ params })", "login"))?.code, name).toBe("config_invalid");
    }
    for (const name of ["grant_type", "code", "code_verifier", "redirect_uri", "client_id", "refresh_token", "scope", "resource", "client_secret"]) {
      expect(refusal(() => checkExtraParams({ [name]: "x" }, "clients.app.extraTokenParams", "token"))?.code, name).toBe("config_invalid");
    }
  });

  it("refuses values and names that are not request parameters", () => {
    for (const bad of [[], "ui_locales=fr", null, { ui_locales: 1 }, { ui_locales: "a\nb" }, { "": "x" }, { "a b": "x" }, { constructor: "x" },
      JSON.parse('{"__proto__":"x"}'), new Map([["a", "b"]])]) {
      expect(refusal(() => checkExtraParams(bad, "where", "token"))?.code, JSON.stringify(bad)).toBe("config_invalid");
    }
  });
});

describe("resolveConfig with request options", () => {
  it('defaults: no extra parameters, idTokenHint "own"', () => {
    const resolved = resolveConfig(config({ app: { clientId: "myapp" }, vault: { clientId: "myapp-vault" } }), origin);
    expect(resolved.clients.vault).toMatchObject({ extraAuthorizeParams: {}, extraTokenParams: {}, idTokenHint: "own" });
  });

  it("checks extraAuthorizeParams, extraTokenParams and idTokenHint per client, naming the field", () => {
    const bad: [ApiClientConfig, RegExp][] = [
      [{ clientId: "v", extraAuthorizeParams: { scope: "admin" } }, /clients\.vault\.extraAuthorizeParams\.scope cannot be set/],
      [{ clientId: "v", extraTokenParams: { refresh_token: "x" } }, /clients\.vault\.extraTokenParams\.refresh_token cannot be set/],
      [{ clientId: "v", idTokenHint: "yes" as never }, /clients\.vault\.idTokenHint must be "own" or "login" or "none"/],
    ];
    for (const [vault, message] of bad) {
      expect(refusal(() => resolveConfig(config({ app: { clientId: "myapp" }, vault }), origin))?.message).toMatch(message);
    }
  });

  it("refuses authorization options on clients whose token comes from the login client's refresh token", () => {
    for (const files of [
      { clientId: "myapp", resource: "https://files.example", extraAuthorizeParams: { ui_locales: "fr" } },
      { clientId: "myapp", scope: "notes", idTokenHint: "login" as const },
    ]) {
      expect(refusal(() => resolveConfig(config({ app: { clientId: "myapp" }, files }), origin))?.message).toMatch(/Put extraAuthorizeParams \/ idTokenHint on clients\.app/);
    }
    // Token parameters do apply to them: their refresh requests are their own.
    const ok = resolveConfig(config({ app: { clientId: "myapp" }, files: { clientId: "myapp", resource: "https://files.example", extraTokenParams: { t: "1" } } }), origin);
    expect(ok.clients.files?.extraTokenParams).toEqual({ t: "1" });
  });
});
