import { QueryClient, useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { authedQueryOptions } from "../../../src/query/authedQueryOptions";
import { createMockOidc } from "../../../src/testing";
import { json, stubFetch } from "./stubFetch";

const clients = { app: {}, files: { resource: "https://files.example", baseUrls: ["https://files.example/"] } };

function listFiles(oidc: ReturnType<typeof createMockOidc<"app" | "files">>, fetchImpl: typeof fetch) {
  return authedQueryOptions(oidc, {
    api: "files",
    queryKey: ["list", { page: 1 }],
    queryFn: async ({ fetch }) => (await fetch("https://files.example/list")).json() as Promise<{ owner: string }>,
    fetch: fetchImpl,
    staleTime: 60_000,
  });
}

const clientsToClear: QueryClient[] = [];
function newQueryClient(): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  clientsToClear.push(client);
  return client;
}
afterEach(() => {
  for (const client of clientsToClear.splice(0)) client.clear();
  vi.useRealTimers();
});

describe("authedQueryOptions", () => {
  it("scopes the key by API and the user's sub, and keeps the other options", () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const options = listFiles(oidc, stubFetch(() => json({})).fetch);
    expect(options.queryKey).toEqual([{ authedApi: "files", sub: "alice" }, "list", { page: 1 }]);
    expect(options.staleTime).toBe(60_000);
    expect(options).not.toHaveProperty("fetch");
    expect(options).not.toHaveProperty("api");
  });

  it("works with ensureQueryData: the queryFn gets the token, a bound fetch, the signal and the scoped key", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = stubFetch(() => json({ owner: "alice" }));
    const seen: { accessToken?: string; signal?: unknown; queryKey?: unknown } = {};
    const options = authedQueryOptions(oidc, {
      api: "files",
      queryKey: ["one"],
      fetch: stub.fetch,
      queryFn: async ({ accessToken, fetch, signal, queryKey }) => {
        Object.assign(seen, { accessToken, signal, queryKey });
        return (await fetch("https://files.example/one", { signal })).json() as Promise<{ owner: string }>;
      },
    });
    const data = await newQueryClient().ensureQueryData(options);
    expect(data).toEqual({ owner: "alice" });
    expect(seen.accessToken).toBe(oidc.getSnapshot().apis.files.accessToken);
    expect(seen.signal).toBeInstanceOf(AbortSignal);
    expect(seen.queryKey).toEqual([{ authedApi: "files", sub: "alice" }, "one"]);
    expect(stub.requests[0]?.headers.get("authorization")).toBe(`Bearer ${seen.accessToken}`);
  });

  it("sends no request before the token is ready", async () => {
    vi.useFakeTimers();
    const oidc = createMockOidc({ clients, tokenDelayMs: 500 });
    const stub = stubFetch(() => json({ owner: "x" }));
    const queryFn = vi.fn(async ({ fetch }: { fetch: typeof globalThis.fetch }) => (await fetch("https://files.example/a")).json());
    const pending = newQueryClient().fetchQuery(authedQueryOptions(oidc, { api: "files", queryKey: ["a"], queryFn, fetch: stub.fetch }));
    await vi.advanceTimersByTimeAsync(499);
    expect(queryFn).not.toHaveBeenCalled();
    expect(stub.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(queryFn).toHaveBeenCalledTimes(1);
    expect(stub.requests).toHaveLength(1);
  });

  it("never lets user B read user A's cached data", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const queryClient = newQueryClient();
    const stub = stubFetch((request) => json({ owner: request.headers.get("authorization") === bobToken() ? "bob" : "alice" }));
    const bobToken = () => `Bearer ${oidc.getSnapshot().apis.files.accessToken}`;
    const forAlice = listFiles(oidc, stub.fetch);
    await queryClient.ensureQueryData(forAlice);
    oidc.loginAs({ sub: "bob" });
    const forBob = listFiles(oidc, stub.fetch);
    expect(forBob.queryKey).not.toEqual(forAlice.queryKey);
    expect(queryClient.getQueryData(forBob.queryKey)).toBeUndefined();
    expect(await queryClient.ensureQueryData(forBob)).toEqual({ owner: "bob" });
    expect(stub.requests).toHaveLength(2);
  });

  it("drops a result that arrives after the user changed, with logged_out", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const queryClient = newQueryClient();
    let release: (value: Response) => void = () => {};
    const slow = stubFetch(() => new Promise<Response>((resolve) => (release = resolve)));
    const options = listFiles(oidc, slow.fetch);
    const pending = queryClient.fetchQuery(options).catch((error: unknown) => error);
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1));
    oidc.loginAs({ sub: "mallory" });
    release(json({ owner: "alice" }));
    expect(await pending).toMatchObject({ code: "logged_out", api: "files" });
    expect(queryClient.getQueryData(options.queryKey)).toBeUndefined();
  });

  it("fails with login_required and sends nothing when nobody is logged in", async () => {
    const oidc = createMockOidc({ clients, user: null });
    const stub = stubFetch(() => json({}));
    const options = listFiles(oidc, stub.fetch);
    expect(options.queryKey[0]).toEqual({ authedApi: "files", sub: null });
    await expect(newQueryClient().fetchQuery(options)).rejects.toMatchObject({ code: "login_required" });
    expect(stub.requests).toHaveLength(0);
  });

  it("is typed like queryOptions: the key carries the data type for getQueryData, useQuery and useSuspenseQuery", () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const options = listFiles(oidc, stubFetch(() => json({})).fetch);
    expectTypeOf(newQueryClient().getQueryData(options.queryKey)).toEqualTypeOf<{ owner: string } | undefined>();
    // Compile-time checks: both hooks accept the same object a loader passes to ensureQueryData.
    const hooks = [() => useQuery(options).data, () => useSuspenseQuery(options).data] as const;
    expectTypeOf(hooks[0]).returns.toEqualTypeOf<{ owner: string } | undefined>();
    expectTypeOf(hooks[1]).returns.toEqualTypeOf<{ owner: string }>();
    expect(options.queryKey[0]).toEqual({ authedApi: "files", sub: "alice" });
  });
});
