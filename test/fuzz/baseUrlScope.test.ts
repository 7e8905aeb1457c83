import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OidcError } from "../../src/core/errors";
import { isUnderBaseUrl } from "../../src/query/baseUrlScope";
import { createTokenBoundFetch } from "../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../src/testing";
import { anyUrlStringAround, buildInput, fuzzParameters, initShape, inputShapeAround } from "./arbitraries";
import { inScopeForLenientServer } from "./lenientServer";

const origin = "https://app.ok";

const scopes = {
  path: ["https://api.ok/v1"],
  twoOrigins: ["https://api.ok/v1/", "https://cdn.ok/files"],
  root: ["https://api.ok"],
  idn: ["https://bücher.ok/v1"],
} as const;

interface Sent {
  url: string;
  authorization: string | null;
}

/** A token-bound fetch over a stub that answers 200 and records what each request carried. */
function harness(baseUrls: readonly string[] | undefined) {
  const oidc = createMockOidc({ clients: { app: {}, api: baseUrls === undefined ? {} : { baseUrls: [...baseUrls] } }, user: { sub: "fuzz" } });
  const sent: Sent[] = [];
  const stub = async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    sent.push({ url: String(url), authorization: new Headers(init?.headers).get("authorization") });
    return new Response("{}", { status: 200 });
  };
  const fetch = createTokenBoundFetch(oidc, "api", { fetch: stub, origin });
  return { oidc, fetch, sent };
}

describe("fuzz: a token is sent only inside baseUrls, whatever the input looks like", () => {
  it.each(Object.entries(scopes))("%s: 0 tokens outside %j, 0 untyped errors", async (_scope, baseUrls) => {
    const { oidc, fetch, sent } = harness(baseUrls);
    let leaks = 0;
    let untyped = 0;
    let sentRuns = 0;
    let lookAlikesSent = 0;
    await fc.assert(
      fc.asyncProperty(inputShapeAround(baseUrls), initShape, async (shape, init) => {
        sent.length = 0;
        oidc.clearCalls();
        const input = buildInput(shape, origin);
        try {
          await fetch(input as RequestInfo, init);
        } catch (error) {
          if (!(error instanceof OidcError)) untyped += 1;
          expect(error).toBeInstanceOf(OidcError);
        }
        if (sent.length > 0) sentRuns += 1;
        if (sent.length > 0 && shape.kind === "lookAlike") lookAlikesSent += 1;
        for (const request of sent) {
          if (request.authorization !== null && !inScopeForLenientServer(request.url, baseUrls)) leaks += 1;
          expect(inScopeForLenientServer(request.url, baseUrls), request.url).toBe(true);
        }
        // A look-alike is judged, and sent, by what fetch itself would read from it: its string form.
        if (shape.kind === "lookAlike" && sent[0]) expect(sent[0].url).toBe(new Request(shape.toStringUrl).url);
      }),
      fuzzParameters,
    );
    expect({ leaks, untyped }).toEqual({ leaks: 0, untyped: 0 });
    // The generators must keep reaching both sides of the check, or the property proves nothing.
    expect(sentRuns).toBeGreaterThan(fuzzParameters.numRuns / 20);
    expect(sentRuns).toBeLessThan(fuzzParameters.numRuns * 0.9);
    expect(lookAlikesSent).toBeGreaterThan(20);
  });

  it("without baseUrls: only http(s) URLs without userinfo get the token, 0 untyped errors", async () => {
    const { oidc, fetch, sent } = harness(undefined);
    await fc.assert(
      fc.asyncProperty(inputShapeAround(["https://api.ok/v1", "https://cdn.ok"]), initShape, async (shape, init) => {
        sent.length = 0;
        oidc.clearCalls();
        try {
          await fetch(buildInput(shape, origin) as RequestInfo, init);
        } catch (error) {
          expect(error).toBeInstanceOf(OidcError);
        }
        for (const request of sent) {
          const url = new URL(request.url);
          expect(["https:", "http:"]).toContain(url.protocol);
          expect(url.username + url.password).toBe("");
        }
      }),
      fuzzParameters,
    );
  });

  it("still sends every plain URL under baseUrls (the check is not a blanket refusal)", async () => {
    const { oidc, fetch, sent } = harness(scopes.twoOrigins);
    const plainPath = fc.array(fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/).filter((s) => !/^\.+$/.test(s)), { maxLength: 5 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("https://api.ok/v1", "https://cdn.ok/files"), plainPath, fc.constantFrom("", "?q=a", "#h"), async (base, path, tail) => {
        sent.length = 0;
        oidc.clearCalls();
        const url = `${base}${path.map((s) => `/${s}`).join("")}${tail}`;
        await fetch(url);
        expect(sent.map((s) => s.url)).toEqual([new URL(url).href]);
        expect(sent[0]?.authorization).toMatch(/^Bearer /);
      }),
      fuzzParameters,
    );
  });

  it("isUnderBaseUrl never admits what a lenient server routes elsewhere, and never throws", () => {
    const base = fc.constantFrom(...Object.values(scopes).flat(), "/v1", "https://api.ok/v1/");
    fc.assert(
      fc.property(fc.oneof(anyUrlStringAround(Object.values(scopes).flat()), fc.anything() as fc.Arbitrary<unknown>), base, (url, baseUrl) => {
        const admitted = isUnderBaseUrl(url as string, baseUrl, origin);
        if (admitted) expect(inScopeForLenientServer(new URL(url as string, origin).href, [new URL(baseUrl, origin).href])).toBe(true);
      }),
      { ...fuzzParameters, numRuns: 50_000 },
    );
  });
});
