import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OidcError } from "../../src/core/errors";
import { decodeJwtPayload } from "../../src/core/protocol/jwt";
import { processTokenResponse } from "../../src/core/protocol/tokenEndpoint";
import { fuzzParameters } from "./arbitraries";

const jsonValue = fc.oneof(
  fc.constantFrom(null, true, 0, -5, 3600, "3600", "abc", "", [], {}, 1e308, Number.NaN),
  fc.string({ maxLength: 20 }),
  fc.integer(),
);

/** Bodies around a token response: right fields with wrong types, missing fields, OAuth errors, and plain junk. */
const body = fc.oneof(
  fc.record(
    {
      access_token: fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 20 }) }, { weight: 1, arbitrary: jsonValue }),
      token_type: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("Bearer", "DPoP", "bearer") }, { weight: 1, arbitrary: jsonValue }),
      expires_in: fc.oneof({ weight: 3, arbitrary: fc.nat(100_000) }, { weight: 1, arbitrary: jsonValue }),
      scope: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: jsonValue }),
      refresh_token: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: jsonValue }),
      id_token: fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 20 }) }, { weight: 1, arbitrary: jsonValue }),
      error: jsonValue,
      error_description: jsonValue,
    },
    { requiredKeys: [] },
  ).map((value) => JSON.stringify(value)),
  fc.constantFrom("", "null", "[]", "<html><body>503 Service Unavailable</body></html>", "{", '"token"', "{}"),
  fc.string({ maxLength: 40 }),
);

describe("processTokenResponse with fuzzed answers", () => {
  it("returns a checked token response or throws a typed OidcError; transient statuses are idp_unreachable", async () => {
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(200, 200, 200, 400, 401, 403, 429, 500, 502, 503), fc.constantFrom(null, "5", "Wed, 21 Oct 2015 07:28:00 GMT", "x"), async (text, status, retryAfter) => {
        const headers = new Headers({ "content-type": "application/json" });
        if (retryAfter !== null) headers.set("retry-after", retryAfter);
        try {
          const result = await processTokenResponse(new Response(text, { status, headers }), "files", Date.now());
          ok++;
          expect(status).toBe(200);
          expect(typeof result.accessToken).toBe("string");
          expect(result.accessToken.length).toBeGreaterThan(0);
          expect(result.expiresIn === undefined || (Number.isFinite(result.expiresIn) && result.expiresIn >= 0)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(OidcError);
          const code = (error as OidcError).code;
          if (status >= 500 || status === 429) expect(code).toBe("idp_unreachable");
          else expect(["malformed_token", "token_request_failed", "login_required", "interaction_required"]).toContain(code);
          expect(code === "idp_unreachable" && status === 200).toBe(false);
        }
      }),
      fuzzParameters,
    );
    expect(ok).toBeGreaterThan(200);
  });

  it("reads a non-string access_token as malformed_token, not as an outage", async () => {
    const answer = new Response(JSON.stringify({ access_token: 42, token_type: "Bearer" }), { status: 200 });
    await expect(processTokenResponse(answer, "files", 0)).rejects.toMatchObject({ code: "malformed_token" });
  });
});

describe("decodeJwtPayload with fuzzed input", () => {
  it("returns claims or undefined for any input, never throws, and refuses oversized tokens at once", () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.tuple(fc.base64String(), fc.base64String(), fc.string()).map((p) => p.join("."))), (input) => {
        const claims = decodeJwtPayload(input);
        expect(claims === undefined || (typeof claims === "object" && claims !== null && !Array.isArray(claims))).toBe(true);
      }),
      fuzzParameters,
    );
    const huge = `eyJhbGciOiJub25lIn0.${"A".repeat(32 * 1024 * 1024)}.x`;
    const started = performance.now();
    expect(decodeJwtPayload(huge)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
  });
});
