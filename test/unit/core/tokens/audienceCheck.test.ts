import { describe, expect, it } from "vitest";
import { OidcError } from "../../../../src/core/errors";
import { strategies } from "../../../../src/core/strategies";
import { checkAudience } from "../../../../src/core/tokens/audienceCheck";
import type { TokenSet } from "../../../../src/core/tokens/tokenSet";
import type { ResolvedApiClient } from "../../../../src/core/types";

const unit: ResolvedApiClient = {
  name: "todos",
  clientId: "app",
  strategy: "resource",
  scope: "todos:read",
  expectedAudience: "https://api.example",
  extraAuthorizeParams: {},
  extraTokenParams: {},
  idTokenHint: "own",
} as ResolvedApiClient;

const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
const set = (aud: string | string[]): TokenSet => ({ accessToken: jwt({ aud }), tokenType: "Bearer", expiresAt: 2, obtainedAt: 1, scope: undefined });

function mismatch(strategy: string): OidcError {
  try {
    checkAudience({ ...unit, strategy: strategy as never }, set("https://other.example"));
  } catch (error) {
    return error as OidcError;
  }
  throw new Error("a token for another audience was accepted");
}

describe("checkAudience", () => {
  it("returns the aud of a token for the API, and passes an opaque token unchecked", () => {
    expect(checkAudience(unit, set(["https://api.example", "x"]))).toEqual(["https://api.example", "x"]);
    expect(checkAudience(unit, { ...set("x"), accessToken: "opaque" })).toBeUndefined();
  });

  it("refuses a token for another audience with audience_mismatch, for every strategy", () => {
    for (const strategy of Object.keys(strategies)) {
      const error = mismatch(strategy);
      expect(error.code, strategy).toBe("audience_mismatch");
      expect(error.api, strategy).toBe("todos");
    }
  });

  it("says in development where the IdP is fixed, naming no provider's settings", () => {
    for (const strategy of Object.keys(strategies)) {
      const { message } = mismatch(strategy);
      expect(message, strategy).toMatch(/Fix it at the IdP: .*"https:\/\/api\.example"/);
      expect(message, strategy).not.toMatch(/keycloak|auth0|entra|azure|okta|zitadel|helseid|glewlwyd|mapper/i);
    }
  });
});
