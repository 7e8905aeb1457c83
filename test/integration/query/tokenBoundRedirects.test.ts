import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenBoundFetch } from "../../../src/query/tokenBoundFetch";
import { createMockOidc } from "../../../src/testing";

// Real HTTP on 127.0.0.1 and the runtime's own fetch: the leak was the runtime following a redirect with the
// token. The token comes from the mock instance because where it came from is irrelevant to where it goes.

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A server that records every request it gets and answers from `routes` (404 otherwise). */
async function recordingServer(routes: Record<string, (seen: Seen) => { status: number; location?: string; body?: string }>) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const entry = { method: req.method ?? "", path: req.url ?? "", headers: req.headers, body };
      seen.push(entry);
      const answer = routes[entry.path]?.(entry) ?? { status: 404 };
      res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
      res.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let api: Awaited<ReturnType<typeof recordingServer>>;
let elsewhere: Awaited<ReturnType<typeof recordingServer>>;

beforeAll(async () => {
  elsewhere = await recordingServer({ "/steal": () => ({ status: 200, body: "not the API" }) });
  api = await recordingServer({
    "/api/moved": () => ({ status: 302, location: "/private/data" }),
    "/api/away": () => ({ status: 307, location: `${elsewhere.url}/steal` }),
    "/api/items": () => ({ status: 301, location: "/api/items/" }),
    "/api/items/": () => ({ status: 200, body: "items" }),
    "/api/create": () => ({ status: 303, location: "/api/created" }),
    "/api/created": (seen) => ({ status: 200, body: `${seen.method}:${seen.body}` }),
    "/api/loop": () => ({ status: 302, location: "/api/loop" }),
    "/private/data": () => ({ status: 200, body: "another app's data" }),
  });
});

afterAll(async () => {
  await Promise.all([api?.close(), elsewhere?.close()]);
});

beforeEach(() => {
  api.seen.length = 0;
  elsewhere.seen.length = 0;
});

function tokenBoundFetch() {
  const oidc = createMockOidc({ clients: { app: {}, api: { baseUrls: [`${api.url}/api`] } }, user: { sub: "alice" } });
  return { oidc, fetch: createTokenBoundFetch(oidc, "api") };
}

const bearer = (oidc: ReturnType<typeof tokenBoundFetch>["oidc"]) => `Bearer ${oidc.getSnapshot().apis.api.accessToken}`;

describe("token-bound fetch against a real HTTP server that redirects", () => {
  it("control: the runtime's own following would carry the token to the same-origin path outside baseUrls", async () => {
    await fetch(`${api.url}/api/moved`, { headers: { authorization: "Bearer control" } });
    expect(api.seen.find((s) => s.path === "/private/data")?.headers.authorization).toBe("Bearer control");
  });

  it("a 302 to a same-origin path outside baseUrls: refused, and the path never sees the token (or any request)", async () => {
    const { fetch } = tokenBoundFetch();
    await expect(fetch(`${api.url}/api/moved`)).rejects.toMatchObject({ code: "redirect_refused", api: "api" });
    expect(api.seen.map((s) => s.path)).toEqual(["/api/moved"]);
  });

  it("a 307 to another origin: refused, and that origin gets nothing", async () => {
    const { fetch } = tokenBoundFetch();
    await expect(fetch(`${api.url}/api/away`, { method: "PUT", body: "secret payload" })).rejects.toMatchObject({ code: "redirect_refused" });
    expect(elsewhere.seen).toEqual([]);
  });

  it("a redirect that stays under baseUrls is followed with the token on each hop", async () => {
    const { oidc, fetch } = tokenBoundFetch();
    const response = await fetch(`${api.url}/api/items`);
    expect(await response.text()).toBe("items");
    expect(api.seen.map((s) => [s.path, s.headers.authorization])).toEqual([
      ["/api/items", bearer(oidc)],
      ["/api/items/", bearer(oidc)],
    ]);
  });

  it("a 303 after POST becomes a GET without body on the real wire", async () => {
    const { fetch } = tokenBoundFetch();
    const response = await fetch(`${api.url}/api/create`, { method: "POST", body: "x=1", headers: { "content-type": "text/plain" } });
    expect(await response.text()).toBe("GET:");
    expect(api.seen[1]?.headers["content-type"]).toBeUndefined();
  });

  it("a redirect loop stops after 5 hops", async () => {
    const { fetch } = tokenBoundFetch();
    await expect(fetch(`${api.url}/api/loop`)).rejects.toMatchObject({ code: "redirect_refused" });
    expect(api.seen).toHaveLength(6);
  });
});
