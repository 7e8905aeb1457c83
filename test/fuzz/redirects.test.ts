import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OidcError } from "../../src/core/errors";
import { MAX_REDIRECTS } from "../../src/query/redirectHop";
import { createTokenBoundFetch } from "../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../src/testing";
import { anyUrlStringAround, fuzzParameters, relativeLike } from "./arbitraries";
import { inScopeForLenientServer } from "./lenientServer";

// A property test of our own hop logic: the "network" is a stub that plays a generated script of answers. The
// integration test (test/integration/query) does the same against a real HTTP server.

const origin = "https://app.ok";
const baseUrls = ["https://api.ok/v1", "https://cdn.ok/files"];
const redirectStatuses = [301, 302, 303, 307, 308];

type Script = { steps: readonly Step[]; repeatLast: boolean };

type Step = { kind: "redirect"; status: number; location: string | null } | { kind: "final"; status: number } | { kind: "opaque" };

interface Sent {
  url: string;
  method: string;
  body: string | null;
  authorization: string | null;
}

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("redirect" as const),
      status: fc.constantFrom(...redirectStatuses),
      location: fc.oneof(
        { weight: 4, arbitrary: anyUrlStringAround(baseUrls) },
        { weight: 3, arbitrary: relativeLike },
        { weight: 1, arbitrary: fc.constant(null) },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("final" as const), status: fc.constantFrom(200, 204, 300, 304, 401, 403, 500) }) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: "opaque" }) },
);

const start = fc.record({
  url: fc.constantFrom("https://api.ok/v1/a", "https://api.ok/v1/b/c?q=1", "https://cdn.ok/files/x"),
  method: fc.constantFrom("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"),
  body: fc.constantFrom<"none" | "text" | "stream">("none", "text", "text", "stream"),
  redirect: fc.constantFrom<RequestRedirect | undefined>(undefined, undefined, undefined, "follow", "manual", "error"),
});

function bodyText(body: BodyInit | null | undefined): string | null {
  if (body === null || body === undefined) return null;
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  return body instanceof ReadableStream ? "<stream>" : String(body);
}

/** The answer to the request number `index`: the script's step, then 200, or the last step forever (a loop). */
function answer(script: Script, index: number): Response {
  const { steps, repeatLast } = script;
  const next = steps[repeatLast ? Math.min(index, steps.length - 1) : index] ?? { kind: "final", status: 200 };
  if (next.kind === "opaque") {
    const opaque = new Response(null);
    Object.defineProperties(opaque, { type: { value: "opaqueredirect" }, status: { value: 0 } });
    return opaque;
  }
  const headers = new Headers({ "x-index": String(index) });
  if (next.kind === "redirect" && next.location !== null) {
    try {
      headers.set("location", next.location);
    } catch {
      // Not a valid header value (a raw newline, ...): no server could send it either.
    }
  }
  return new Response(next.status === 204 || next.status === 304 ? null : "body", { status: next.status, headers });
}

function harness(scoped: boolean) {
  const oidc = createMockOidc({ clients: { app: {}, api: scoped ? { baseUrls } : {} }, user: { sub: "fuzz" } });
  const sent: Sent[] = [];
  let script: Script = { steps: [], repeatLast: false };
  const stub = async (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    // A fetch that never stops following would hang the property: make it fail instead.
    if (sent.length > 50) throw new Error("more than 50 requests for one call");
    const headers = new Headers(init?.headers);
    sent.push({ url: String(url), method: init?.method ?? "GET", body: bodyText(init?.body), authorization: headers.get("authorization") });
    return answer(script, sent.length - 1);
  };
  const fetch = createTokenBoundFetch(oidc, "api", { fetch: stub, origin });
  const reset = (next: Script) => {
    script = next;
    sent.length = 0;
    oidc.clearCalls();
  };
  return { fetch, sent, reset };
}

type StreamInit = RequestInit & { duplex?: "half" };

function initOf(s: { method: string; body: "none" | "text" | "stream"; redirect: RequestRedirect | undefined }): StreamInit {
  const init: StreamInit = { method: s.method };
  if (s.redirect) init.redirect = s.redirect;
  if (s.method === "GET" || s.method === "HEAD" || s.body === "none") return init;
  if (s.body === "text") return { ...init, body: "payload", headers: { "content-type": "text/plain" } };
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode("s")), c.close()) });
  return { ...init, body: stream, duplex: "half" };
}

/** Method and body the Fetch standard gives the request after `status` redirected `previous`. */
function expectedHop(previous: Sent, status: number): Pick<Sent, "method" | "body"> {
  const toGet = ((status === 301 || status === 302) && previous.method === "POST") || (status === 303 && previous.method !== "GET" && previous.method !== "HEAD");
  return toGet ? { method: "GET", body: null } : { method: previous.method, body: previous.body };
}

describe("fuzz: redirects never carry the token out of scope", () => {
  it.each([
    ["under baseUrls", true],
    ["without baseUrls (scope: the origin first asked)", false],
  ])("%s: 0 tokens outside, 0 untyped errors, Fetch-standard rewriting", async (_scope, scoped) => {
    const { fetch, sent, reset } = harness(scoped);
    const tally = { leaks: 0, untyped: 0, followed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(start, fc.record({ steps: fc.array(step, { maxLength: 9 }), repeatLast: fc.boolean() }), async (first, script) => {
        reset(script);
        const scope = scoped ? baseUrls : [new URL(first.url).origin];
        let response: Response | undefined;
        try {
          response = await fetch(first.url, initOf(first));
        } catch (error) {
          if (!(error instanceof OidcError)) tally.untyped += 1;
          expect(error).toBeInstanceOf(OidcError);
          expect(["redirect_refused", "unauthorized", "forbidden"]).toContain((error as OidcError).code);
          if ((error as OidcError).code === "redirect_refused") tally.refused += 1;
        }
        expect(sent.length).toBeLessThanOrEqual(2 * (MAX_REDIRECTS + 1));
        for (const [index, request] of sent.entries()) {
          if (request.authorization !== null && !inScopeForLenientServer(request.url, scope)) tally.leaks += 1;
          expect(inScopeForLenientServer(request.url, scope), request.url).toBe(true);
          expect(request.authorization).toMatch(/^Bearer /);
          const before = script.steps[script.repeatLast ? Math.min(index - 1, script.steps.length - 1) : index - 1];
          const previous = sent[index - 1];
          if (index === 0 || !previous || !before) continue;
          if (before.kind === "redirect") expect({ method: request.method, body: request.body }).toEqual(expectedHop(previous, before.status));
          // After a 401 the whole chain starts again from the caller's request.
          else expect({ url: request.url, method: request.method }).toEqual({ url: sent[0]?.url, method: sent[0]?.method });
        }
        if (response) {
          // What comes back is the answer to the last request sent, which was in scope.
          expect(response.headers.get("x-index") ?? String(sent.length - 1)).toBe(String(sent.length - 1));
          const unfollowed = redirectStatuses.includes(response.status) && response.headers.has("location");
          if (unfollowed || response.type === "opaqueredirect") expect(first.redirect).toBe("manual");
          if (sent.length > 1) tally.followed += 1;
        }
      }),
      fuzzParameters,
    );
    expect({ leaks: tally.leaks, untyped: tally.untyped }).toEqual({ leaks: 0, untyped: 0 });
    // Both outcomes must be common, or the property proves little.
    expect(tally.followed).toBeGreaterThan(fuzzParameters.numRuns / 50);
    expect(tally.refused).toBeGreaterThan(fuzzParameters.numRuns / 20);
  });
});
