import { describe, expect, it, vi } from "vitest";
import { createTokenBoundFetch } from "../../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../../src/testing";
import { json, stubFetch } from "./stubFetch";

const clients = {
  app: {},
  files: { resource: "https://files.example", baseUrls: ["https://files.example/v1"] },
  open: { resource: "https://open.example" },
};

function setup(respond: Parameters<typeof stubFetch>[0]) {
  const oidc = createMockOidc({ clients, user: { sub: "alice" } });
  const stub = stubFetch(respond);
  const fetch = createTokenBoundFetch(oidc, "files", { fetch: stub.fetch, origin: "https://app.example" });
  return { oidc, fetch, requests: stub.requests };
}

describe("createTokenBoundFetch", () => {
  it("sends the API's token and keeps the caller's headers", async () => {
    const { oidc, fetch, requests } = setup(() => json({ ok: true }));
    const response = await fetch("https://files.example/v1/list", { headers: { accept: "application/json" } });
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.headers.get("authorization")).toBe(`Bearer ${oidc.getSnapshot().apis.files.accessToken}`);
    expect(requests[0]?.headers.get("accept")).toBe("application/json");
  });

  it("accepts a Request and a URL object as input", async () => {
    const { fetch, requests } = setup(() => json({}));
    await fetch(new Request("https://files.example/v1/a", { headers: { "x-trace": "1" } }));
    await fetch(new URL("https://files.example/v1/b"));
    expect(requests.map((r) => r.url)).toEqual(["https://files.example/v1/a", "https://files.example/v1/b"]);
    expect(requests[0]?.headers.get("x-trace")).toBe("1");
    expect(requests.every((r) => r.headers.get("authorization")?.startsWith("Bearer "))).toBe(true);
  });

  it.each([
    "https://files.example.evil.com/v1/list",
    "https://evil.example/v1/list",
    "https://files.example/v2/list",
    "https://files.example/v1/..%2Fadmin",
    "/v1/list",
  ])("refuses %s with token_url_mismatch and sends nothing, not even a token request", async (url) => {
    const { oidc, fetch, requests } = setup(() => json({}));
    await expect(fetch(url)).rejects.toMatchObject({ code: "token_url_mismatch", api: "files" });
    expect(requests).toHaveLength(0);
    expect(oidc.calls.getApiToken).toHaveLength(0);
  });

  it("allows any URL for a client without baseUrls", async () => {
    const oidc = createMockOidc({ clients });
    const stub = stubFetch(() => json({}));
    const fetch = createTokenBoundFetch(oidc, "open", { fetch: stub.fetch });
    await fetch("https://anywhere.example/x");
    expect(stub.requests).toHaveLength(1);
  });

  it("on 401 renews the token exactly once (forced) and retries exactly once", async () => {
    const { oidc, fetch, requests } = setup((_request, index) => (index === 0 ? new Response(null, { status: 401 }) : json({ ok: 1 })));
    const response = await fetch("https://files.example/v1/list", { method: "POST", body: "payload" });
    expect(await response.json()).toEqual({ ok: 1 });
    expect(requests).toHaveLength(2);
    expect(oidc.calls.getApiToken).toEqual([
      { api: "files", forceRefresh: false },
      { api: "files", forceRefresh: true },
    ]);
    const [first, second] = requests;
    expect(second?.headers.get("authorization")).not.toBe(first?.headers.get("authorization"));
    expect(second?.headers.get("authorization")).toBe(`Bearer ${oidc.getSnapshot().apis.files.accessToken}`);
    expect(await second?.text()).toBe("payload");
  });

  it("replays the body of a Request input on retry", async () => {
    const { fetch, requests } = setup((_r, index) => (index === 0 ? new Response(null, { status: 401 }) : json({})));
    await fetch(new Request("https://files.example/v1/up", { method: "PUT", body: "data" }));
    expect(requests).toHaveLength(2);
    expect(await requests[1]?.text()).toBe("data");
  });

  it("throws unauthorized after the single retry is also 401", async () => {
    const { oidc, fetch, requests } = setup(() => new Response(null, { status: 401 }));
    const error = await fetch("https://files.example/v1/list").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unauthorized", api: "files" });
    expect((error as Error).cause).toBeInstanceOf(Response);
    expect(requests).toHaveLength(2);
    expect(oidc.calls.getApiToken.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it("throws forbidden on 403 without renewing or retrying", async () => {
    const { oidc, fetch, requests } = setup(() => new Response(null, { status: 403 }));
    await expect(fetch("https://files.example/v1/list")).rejects.toMatchObject({ code: "forbidden", api: "files" });
    expect(requests).toHaveLength(1);
    expect(oidc.calls.getApiToken).toEqual([{ api: "files", forceRefresh: false }]);
  });

  it("returns other error statuses untouched", async () => {
    const { fetch, requests } = setup(() => new Response("nope", { status: 500 }));
    expect((await fetch("https://files.example/v1/list")).status).toBe(500);
    expect(requests).toHaveLength(1);
  });

  it("sends nothing before the token is ready", async () => {
    vi.useFakeTimers();
    try {
      const oidc = createMockOidc({ clients, tokenDelayMs: 200 });
      const stub = stubFetch(() => json({}));
      const fetch = createTokenBoundFetch(oidc, "files", { fetch: stub.fetch });
      const pending = fetch("https://files.example/v1/list");
      await vi.advanceTimersByTimeAsync(199);
      expect(stub.requests).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(stub.requests).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects an unknown API and malformed baseUrls at creation", () => {
    const oidc = createMockOidc({ clients: { app: {}, bad: {} } });
    expect(() => createTokenBoundFetch(oidc, "nope" as "app")).toThrow(expect.objectContaining({ code: "unknown_api" }));
    // The instance's own validation refuses a bad baseUrls already; an instance built another way is checked again here.
    expect(() => createMockOidc({ clients: { app: {}, bad: { baseUrls: ["ftp://files.example"] } } })).toThrow(expect.objectContaining({ code: "config_invalid" }));
    const unchecked = { ...oidc, config: { ...oidc.config, clients: { ...oidc.config.clients, bad: { ...oidc.config.clients.bad, baseUrls: ["ftp://files.example"] } } } };
    expect(() => createTokenBoundFetch(unchecked, "bad")).toThrow(expect.objectContaining({ code: "config_invalid" }));
  });

  it("hands a DPoP client's proofs the nonce the API's last response gave, without waiting for a challenge", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const nonces: (string | undefined)[] = [];
    oidc.createDpopProof = async (_api, request) => (nonces.push(request.nonce), "proof");
    const stub = stubFetch((_request, index) => new Response("{}", { headers: { "DPoP-Nonce": `n${index + 1}` } }));
    const fetch = createTokenBoundFetch(oidc, "files", { fetch: stub.fetch, origin: "https://app.example" });
    await fetch("https://files.example/v1/a");
    await fetch("https://files.example/v1/b");
    await fetch("https://files.example/v1/c");
    expect(nonces).toEqual([undefined, "n1", "n2"]);
    expect(stub.requests.map((r) => r.headers.get("DPoP"))).toEqual(["proof", "proof", "proof"]);
  });
});
