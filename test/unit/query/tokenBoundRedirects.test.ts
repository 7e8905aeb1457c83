import { describe, expect, it } from "vitest";
import { isOidcError } from "../../../src/core/errors";
import { createTokenBoundFetch } from "../../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../../src/testing";
import { json, stubFetch } from "./stubFetch";

const clients = {
  app: {},
  files: { resource: "https://files.example", baseUrls: ["https://files.example/v1", "https://cdn.files.example/v1"] },
  open: { resource: "https://open.example" },
};

function redirect(status: number, location: string | null): Response {
  return new Response(null, { status, headers: location === null ? {} : { location } });
}

/** A stub whose answers are looked up by URL; every request is recorded with the token it carried. */
function setup(routes: Record<string, (request: Request) => Response>, api: "files" | "open" = "files") {
  const oidc = createMockOidc({ clients, user: { sub: "alice" } });
  const stub = stubFetch((request) => routes[request.url]?.(request) ?? json({ at: request.url }));
  const fetch = createTokenBoundFetch(oidc, api, { fetch: stub.fetch, origin: "https://app.example" });
  const withToken = () => stub.requests.filter((r) => r.headers.has("authorization")).map((r) => r.url);
  return { oidc, fetch, requests: stub.requests, withToken };
}

describe("createTokenBoundFetch and redirects", () => {
  it("never lets the runtime follow: every send is redirect manual to a string URL", async () => {
    const { fetch, requests } = setup({});
    await fetch("https://files.example/v1/a");
    expect(requests[0]?.redirect).toBe("manual");
  });

  it("follows a redirect that stays under baseUrls, with the token on every hop", async () => {
    const { oidc, fetch, withToken } = setup({
      "https://files.example/v1/a": () => redirect(302, "/v1/b"),
      "https://files.example/v1/b": () => redirect(308, "https://cdn.files.example/v1/c"),
    });
    const response = await fetch("https://files.example/v1/a");
    expect(await response.json()).toEqual({ at: "https://cdn.files.example/v1/c" });
    expect(withToken()).toEqual(["https://files.example/v1/a", "https://files.example/v1/b", "https://cdn.files.example/v1/c"]);
    expect(oidc.calls.getApiToken).toHaveLength(1);
  });

  it.each([
    [302, "/admin"],
    [301, "/v10/x"],
    [307, "https://evil.example/v1/x"],
    [308, "//evil.example/v1/x"],
    [303, "http://files.example/v1/x"],
    [302, "https://files.example/v1/..%2F..%2Fadmin"],
    [302, "https://files.example/v1/%2e%2e;/admin"],
    [307, "https://user@files.example/v1/x"],
  ])("refuses a %i to %s with redirect_refused and never requests it", async (status, location) => {
    const { fetch, requests } = setup({ "https://files.example/v1/a": () => redirect(status, location) });
    const error = await fetch("https://files.example/v1/a").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "redirect_refused", api: "files" });
    expect((error as Error).cause).toBeInstanceOf(Response);
    expect(requests.map((r) => r.url)).toEqual(["https://files.example/v1/a"]);
  });

  it.each(["javascript:alert(1)", "data:text/plain,x", "http://[::1", "ftp://files.example/v1/x"])(
    "refuses a Location %s that is not an http(s) URL",
    async (location) => {
      const { fetch, requests } = setup({ "https://files.example/v1/a": () => redirect(302, location) });
      await expect(fetch("https://files.example/v1/a")).rejects.toMatchObject({ code: "redirect_refused" });
      expect(requests).toHaveLength(1);
    },
  );

  it("gives up after 5 hops", async () => {
    const { fetch, requests } = setup({ "https://files.example/v1/loop": () => redirect(302, "/v1/loop") });
    await expect(fetch("https://files.example/v1/loop")).rejects.toMatchObject({ code: "redirect_refused" });
    expect(requests).toHaveLength(6);
  });

  it("returns a redirect without Location as the final answer", async () => {
    const { fetch, requests } = setup({ "https://files.example/v1/a": () => redirect(302, null) });
    expect((await fetch("https://files.example/v1/a")).status).toBe(302);
    expect(requests).toHaveLength(1);
  });

  it("refuses a browser opaqueredirect with a typed error", async () => {
    const opaque = new Response(null);
    Object.defineProperties(opaque, { type: { value: "opaqueredirect" }, status: { value: 0 } });
    const { fetch } = setup({ "https://files.example/v1/a": () => opaque });
    await expect(fetch("https://files.example/v1/a")).rejects.toMatchObject({ code: "redirect_refused", cause: opaque });
  });

  it("honours redirect: manual (returns the 3xx) and redirect: error (refuses)", async () => {
    const { fetch, requests } = setup({ "https://files.example/v1/a": () => redirect(302, "/v1/b") });
    expect((await fetch("https://files.example/v1/a", { redirect: "manual" })).status).toBe(302);
    await expect(fetch(new Request("https://files.example/v1/a", { redirect: "error" }))).rejects.toMatchObject({ code: "redirect_refused" });
    expect(requests).toHaveLength(2);
  });

  it.each([
    [301, "POST", "GET"],
    [302, "POST", "GET"],
    [303, "PUT", "GET"],
    [303, "HEAD", "HEAD"],
    [302, "PUT", "PUT"],
    [307, "POST", "POST"],
    [308, "PATCH", "PATCH"],
  ])("rewrites a %i after %s as the Fetch standard does (%s)", async (status, method, expected) => {
    const { fetch, requests } = setup({ "https://files.example/v1/a": () => redirect(status, "/v1/b") });
    const body = method === "HEAD" ? null : "payload";
    await fetch("https://files.example/v1/a", { method, body, headers: { "content-type": "text/plain", "x-keep": "1" } });
    const hop = requests[1];
    expect(hop?.method).toBe(expected);
    expect(hop?.headers.get("x-keep")).toBe("1");
    const rewritten = expected !== method;
    expect(await hop?.text()).toBe(rewritten || body === null ? "" : "payload");
    // A rewritten request loses its body headers with its body; a kept one keeps them.
    expect(hop?.headers.get("content-type")).toBe(rewritten ? null : "text/plain");
  });

  it("refuses a 307 that would send a streamed body again, but follows a 303", async () => {
    const stream = () => new ReadableStream<Uint8Array>({ start: (c) => (c.enqueue(new TextEncoder().encode("s")), c.close()) });
    const streamed = (): RequestInit => ({ method: "POST", body: stream(), duplex: "half" }) as RequestInit;
    const { fetch, requests } = setup({
      "https://files.example/v1/a": () => redirect(307, "/v1/b"),
      "https://files.example/v1/c": () => redirect(303, "/v1/d"),
    });
    await expect(fetch("https://files.example/v1/a", streamed())).rejects.toMatchObject({ code: "redirect_refused" });
    expect((await fetch("https://files.example/v1/c", streamed())).status).toBe(200);
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://files.example/v1/a",
      "POST https://files.example/v1/c",
      "GET https://files.example/v1/d",
    ]);
  });

  it("after a 401 at the end of a chain, renews once and replays the whole chain", async () => {
    let final = 0;
    const { oidc, fetch, requests } = setup({
      "https://files.example/v1/a": () => redirect(302, "/v1/b"),
      "https://files.example/v1/b": () => (final++ === 0 ? new Response(null, { status: 401 }) : json({ ok: 1 })),
    });
    expect(await (await fetch("https://files.example/v1/a")).json()).toEqual({ ok: 1 });
    expect(requests.map((r) => r.url)).toEqual([
      "https://files.example/v1/a",
      "https://files.example/v1/b",
      "https://files.example/v1/a",
      "https://files.example/v1/b",
    ]);
    const renewed = `Bearer ${oidc.getSnapshot().apis.files.accessToken}`;
    expect(requests.slice(2).map((r) => r.headers.get("authorization"))).toEqual([renewed, renewed]);
    expect(requests[0]?.headers.get("authorization")).not.toBe(renewed);
  });

  it("without baseUrls, follows on the origin first asked and refuses to leave it", async () => {
    const { fetch, withToken } = setup(
      {
        "https://open.example/a": () => redirect(302, "/b"),
        "https://open.example/c": () => redirect(307, "https://elsewhere.example/c"),
      },
      "open",
    );
    expect(await (await fetch("https://open.example/a")).json()).toEqual({ at: "https://open.example/b" });
    await expect(fetch("https://open.example/c")).rejects.toMatchObject({ code: "redirect_refused", api: "open" });
    expect(withToken()).toEqual(["https://open.example/a", "https://open.example/b", "https://open.example/c"]);
  });

  it("without baseUrls, still refuses a URL that is not http(s)", async () => {
    const { fetch, requests } = setup({}, "open");
    await expect(fetch("data:text/plain,x")).rejects.toMatchObject({ code: "token_url_mismatch" });
    expect(requests).toHaveLength(0);
  });

  it("a refused redirect is an OidcError instance, not just an object with a code", async () => {
    const { fetch } = setup({ "https://files.example/v1/a": () => redirect(302, "/admin") });
    expect(isOidcError(await fetch("https://files.example/v1/a").catch((e: unknown) => e), "redirect_refused")).toBe(true);
  });
});
