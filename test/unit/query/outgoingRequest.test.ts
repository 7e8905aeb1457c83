import { describe, expect, it } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { createTokenBoundFetch } from "../../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../../src/testing";
import { json, stubFetch } from "./stubFetch";

const clients = { app: {}, files: { resource: "https://files.example", baseUrls: ["https://files.example/v1"] } };

function setup(origin: string | undefined = "https://app.example") {
  const oidc = createMockOidc({ clients, user: { sub: "alice" } });
  const stub = stubFetch(() => json({}));
  const fetch = createTokenBoundFetch(oidc, "files", origin === undefined ? { fetch: stub.fetch } : { fetch: stub.fetch, origin });
  return { oidc, fetch, requests: stub.requests, calls: stub.fetch as unknown as { mock: { calls: unknown[][] } } };
}

describe("createTokenBoundFetch builds the request fetch would build", () => {
  it("judges a look-alike by the URL fetch would use (its toString), not by its url property", async () => {
    const { fetch, requests } = setup();
    const disguised = { url: "https://files.example/v1/x", toString: () => "https://evil.example/" };
    await expect(fetch(disguised as unknown as Request)).rejects.toMatchObject({ code: "token_url_mismatch" });
    expect(requests).toHaveLength(0);

    const honest = { url: "https://evil.example/", toString: () => "https://files.example/v1/y" };
    await fetch(honest as unknown as Request);
    expect(requests.map((r) => r.url)).toEqual(["https://files.example/v1/y"]);
  });

  it("reads a toString() once, so it cannot answer the check and the send differently", async () => {
    const { fetch, requests } = setup();
    let reads = 0;
    const shifty = { toString: () => (reads++ === 0 ? "https://files.example/v1/x" : "https://evil.example/") };
    await fetch(shifty as unknown as Request);
    expect(reads).toBe(1);
    expect(requests.map((r) => r.url)).toEqual(["https://files.example/v1/x"]);
  });

  it("sends a plain string URL, the one it checked, to the underlying fetch", async () => {
    const { fetch, calls } = setup();
    await fetch(new Request("https://files.example/v1/a?q=1", { method: "PUT", body: "b" }), { headers: { "x-a": "1" } });
    const [input, init] = calls.mock.calls[0] as [unknown, RequestInit];
    expect(input).toBe("https://files.example/v1/a?q=1");
    expect(init.redirect).toBe("manual");
    expect(init.method).toBe("PUT");
    // init.headers replaces the Request's headers, as in fetch(request, init).
    expect(new Headers(init.headers).get("x-a")).toBe("1");
  });

  it("resolves relative strings against the configured origin", async () => {
    const oidc = createMockOidc({ clients: { app: {}, rel: { baseUrls: ["https://app.example/api"] } } });
    const stub = stubFetch(() => json({}));
    const fetch = createTokenBoundFetch(oidc, "rel", { fetch: stub.fetch, origin: "https://app.example" });
    await fetch("/api/items");
    await expect(fetch("//evil.example/api/items")).rejects.toMatchObject({ code: "token_url_mismatch" });
    expect(stub.requests.map((r) => r.url)).toEqual(["https://app.example/api/items"]);
  });

  it.each<[string, () => unknown, RequestInit | undefined]>([
    ["a non-URL string without origin", () => "not a url", undefined],
    ["null", () => null, undefined],
    ["undefined", () => undefined, undefined],
    ["a number", () => 42, undefined],
    ["a symbol", () => Symbol("x"), undefined],
    ["an object without prototype", () => Object.create(null), undefined],
    ["an object whose toString throws", () => ({ toString: () => { throw new Error("boom"); } }), undefined],
    ["an object whose toString throws a non-error", () => ({ toString: () => { throw { toString: () => { throw 1; } }; } }), undefined],
    ["a GET with a body", () => "https://files.example/v1/a", { body: "x" }],
    ["an invalid method", () => "https://files.example/v1/a", { method: "NOT A METHOD" }],
    ["userinfo in the URL", () => "https://u:p@files.example/v1/a", undefined],
  ])("refuses %s with a typed token_url_mismatch and sends nothing", async (_name, input, init) => {
    const { oidc, fetch, requests } = setup(undefined);
    const error = await fetch(input() as string, init).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect(error).toMatchObject({ code: "token_url_mismatch", api: "files" });
    expect(requests).toHaveLength(0);
    expect(oidc.calls.getApiToken).toHaveLength(0);
  });
});
