import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOidc } from "../../src/core/createOidc";
import { OidcError } from "../../src/core/errors";
import { MemoryStorage } from "../support/testBrowser";
import { fuzzParameters } from "./arbitraries";

// Any value a JSON config, a typo or a wrong type could put in a field.
const anything = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "", "false", "true", "30", "openid", [], {}, ["a"]),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -100_000, max: 200_000 }),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constant("https://api.ok/v1/")), { maxLength: 3 }),
  fc.constantFrom("https://idp.ok", "https://idp.ok/realms/x/", "http://127.0.0.1:1", "ftp://x", "https://files.ok", "https://api.ok/v1/", "myapp"),
);

const validClient = { clientId: "myapp", scope: "openid" };

/** A config that is valid except where the fuzzer writes something into one top-level or client field. */
const config = fc.record({
  top: fc.dictionary(
    fc.constantFrom("issuer", "clients", "loginClient", "redirectUri", "postLogoutRedirectUri", "tokenStorage", "sessionRestoration",
      "autoLogin", "renewBeforeExpirySeconds", "minRenewIntervalSeconds", "silentTimeoutMs", "environment", "typoOption"),
    anything,
    { maxKeys: 3 },
  ),
  client: fc.dictionary(
    fc.constantFrom("clientId", "scope", "resource", "audience", "baseUrls", "expectedAudience", "prefetch", "extraAuthorizeParams", "extraTokenParams",
      "idTokenHint", "typo"),
    anything,
    { maxKeys: 3 },
  ),
  whole: fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anything }),
});

const environment = () => ({
  currentUrl: () => "https://app.ok/",
  replaceUrl: () => undefined,
  navigate: () => undefined,
  sessionStorage: new MemoryStorage(),
  runInIframe: () => Promise.reject(new OidcError("silent_timeout", "no iframes in fuzzing")),
});

describe("createOidc with fuzzed configuration", () => {
  it("either accepts it or throws config_invalid naming the field; never an untyped exception", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(config, ({ top, client, whole }) => {
        const input =
          whole !== undefined
            ? whole
            : { issuer: "https://idp.ok", clients: { app: validClient, files: { ...validClient, resource: "https://files.ok", ...client } }, ...top, environment: environment() };
        try {
          const oidc = createOidc(input as never);
          accepted++;
          // What it accepted is coherent: typed numbers in range, booleans that are booleans.
          expect(typeof oidc.config.autoLogin).toBe("boolean");
          expect(Number.isFinite(oidc.config.renewBeforeExpirySeconds) && oidc.config.renewBeforeExpirySeconds >= 0).toBe(true);
          expect(oidc.config.silentTimeoutMs).toBeGreaterThanOrEqual(1000);
          for (const unit of Object.values(oidc.config.clients)) {
            expect(typeof unit.clientId).toBe("string");
            expect(unit.expectedAudience === undefined || unit.expectedAudience === false || typeof unit.expectedAudience === "string").toBe(true);
          }
        } catch (error) {
          refused++;
          expect(error).toBeInstanceOf(OidcError);
          expect((error as OidcError).code).toBe("config_invalid");
        }
      }),
      fuzzParameters,
    );
    // Both outcomes stay common, so neither "accept everything" nor "refuse everything" passes.
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses the values that used to slip through: autoLogin "false", Infinity, an array resource, null', () => {
    const base = { issuer: "https://idp.ok", clients: { app: validClient }, environment: environment() };
    for (const bad of [
      { autoLogin: "false" },
      { renewBeforeExpirySeconds: Number.POSITIVE_INFINITY },
      { silentTimeoutMs: -1 },
      { silentTimeoutMs: "5000" },
      { clients: { app: { clientId: "myapp", scope: 42 } } },
      { clients: { app: validClient, files: { clientId: "myapp", resource: ["https://a.ok", "https://b.ok"] } } },
      { clients: { app: validClient, files: { clientId: "myapp", resource: "https://a.ok", expectedAudience: ["x"] } } },
      { clients: { app: { ...validClient, baseUrls: true } } },
    ]) {
      expect(() => createOidc({ ...base, ...bad } as never), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "config_invalid" }));
    }
    expect(() => createOidc(null as never)).toThrow(expect.objectContaining({ code: "config_invalid" }));
  });
});
