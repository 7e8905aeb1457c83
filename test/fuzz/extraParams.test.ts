import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/core/config";
import { OidcError } from "../../src/core/errors";
import { checkExtraParams, type ExtraParamsKind } from "../../src/core/extraParams";
import { PendingAuthorizations } from "../../src/core/tokens/pendingAuthorizations";
import { Authorizer } from "../../src/core/tokens/authorizer";
import { RefreshGrants } from "../../src/core/tokens/refreshGrants";
import { MemoryStorage } from "../support/testBrowser";
import { fuzzParameters } from "./arbitraries";

// Every parameter the kit writes into an authorization request itself: an app's extra parameter must never replace one.
const protocol = ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt",
  "resource", "audience", "id_token_hint", "response_mode", "request", "request_uri", "grant_type", "code", "code_verifier", "refresh_token", "client_secret"];

/** A parameter name: a protocol one in any case, a well-formed one, a common extra, or anything at all. */
const name = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...protocol).chain((n) => fc.constantFrom(n, n.toUpperCase(), n[0]!.toUpperCase() + n.slice(1))) },
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,12}$/) },
  { weight: 2, arbitrary: fc.constantFrom("ui_locales", "login_hint", "acr_values", "max_age", "kc_idp_hint", "__proto__", "constructor", "a b", "") },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);
const value = fc.oneof({ weight: 8, arbitrary: fc.string({ maxLength: 10 }) }, { weight: 1, arbitrary: fc.constantFrom("a\nb", "\u0000", 1, null, true, [], {}) });
const params = fc.dictionary(name, value, { maxKeys: 3 });

const reservedFor: Record<ExtraParamsKind, (n: string) => boolean> = {
  clientAuthorize: (n) => protocol.slice(0, 15).includes(n),
  login: (n) => protocol.slice(0, 15).includes(n) && n !== "prompt",
  token: (n) => ["grant_type", "code", "code_verifier", "redirect_uri", "client_id", "client_secret", "refresh_token", "scope", "resource"].includes(n),
};

describe("extra request parameters, fuzzed", () => {
  it("are either refused with config_invalid or plain strings under names the kit does not send itself", () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(params, fc.constantFrom<ExtraParamsKind>("clientAuthorize", "login", "token"), (input, kind) => {
        let checked: Readonly<Record<string, string>>;
        try {
          checked = checkExtraParams(input, "where", kind);
        } catch (error) {
          expect(error).toBeInstanceOf(OidcError);
          expect((error as OidcError).code).toBe("config_invalid");
          outcomes.refused++;
          return;
        }
        if (Object.keys(checked).length > 0) outcomes.accepted++;
        for (const [n, v] of Object.entries(checked)) {
          expect(reservedFor[kind](n.toLowerCase()), n).toBe(false);
          expect(v).toMatch(/^[^\u0000-\u001f\u007f]*$/);
        }
      }),
      fuzzParameters,
    );
    // Both sides stay common, so neither "accept everything" nor "refuse everything" passes.
    expect(outcomes.accepted).toBeGreaterThan(1_000);
    expect(outcomes.refused).toBeGreaterThan(1_000);
  });

  it("never replace a protocol parameter of an authorization request, silent or interactive", async () => {
    let sentWithExtras = 0;
    const metadata = async () => ({
      issuer: "https://idp.ok",
      authorization_endpoint: "https://idp.ok/auth?tenant=t",
      token_endpoint: "https://idp.ok/token",
      end_session_endpoint: undefined,
      authorization_response_iss_parameter_supported: false,
    });
    await fc.assert(
      fc.asyncProperty(params, params, fc.boolean(), async (clientParams, callParams, silent) => {
        let config;
        try {
          config = resolveConfig({ issuer: "https://idp.ok", clients: { app: { clientId: "myapp", extraAuthorizeParams: clientParams as Record<string, string> } } }, "https://app.ok");
          checkExtraParams(callParams, "login({ params })", "login");
        } catch {
          return; // refused: nothing is sent
        }
        const authorizer = new Authorizer({
          config,
          env: { now: () => 0, fetch: () => Promise.reject(new Error("no network")) },
          metadata,
          pending: new PendingAuthorizations(new MemoryStorage(), "f:", () => 0),
          grants: new RefreshGrants((_n, task) => task(), "f:"),
          sessionSub: () => undefined,
        });
        const { url, state } = await authorizer.request(config.clients.app!, silent ? "none" : undefined, callParams as Record<string, string>);
        const sent = new URL(url).searchParams;
        for (const one of ["client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "code_challenge", "code_challenge_method"]) {
          expect(sent.getAll(one), one).toHaveLength(1);
        }
        expect([sent.get("client_id"), sent.get("redirect_uri"), sent.get("response_type"), sent.get("state")]).toEqual(["myapp", "https://app.ok/", "code", state]);
        if (silent) expect(sent.getAll("prompt")).toEqual(["none"]);
        // Every extra parameter goes as given, a login's own winning over the client's.
        for (const [n, v] of Object.entries({ ...clientParams, ...callParams })) if (n !== "prompt") expect(sent.getAll(n), n).toEqual([v]);
        if (Object.keys(clientParams).length + Object.keys(callParams).length > 0) sentWithExtras++;
      }),
      fuzzParameters,
    );
    expect(sentWithExtras).toBeGreaterThan(1_000);
  });
});
