import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { createMemoryRouter, Link, type LoaderFunctionArgs } from "react-router";
import { RouterProvider } from "react-router/dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authedQueryOptions, connectQueryClient, useAuthedSuspenseQuery } from "../../../src/query";
import { OidcProvider } from "../../../src/react/OidcProvider";
import { enforceLogin } from "../../../src/router";
import { createMockOidc, type MockOidc } from "../../../src/testing";
import { json, stubFetch } from "../query/stubFetch";

type Api = "app" | "files";
const clients = { app: {}, files: { resource: "https://files.example", baseUrls: ["https://files.example/api"] } };

/** Answers /api/reports with the user the bearer token belongs to. */
function reportsApi() {
  return stubFetch((request) => {
    const token = request.headers.get("authorization")?.slice(7) ?? "";
    const { sub } = JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { sub: string };
    return json({ owner: sub, reports: [`${sub}-q1`] });
  });
}

function setup(oidc: MockOidc<Api>, initialEntries = ["/"]) {
  const api = reportsApi();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  connectQueryClient(oidc, queryClient);
  const reports = {
    api: "files" as const,
    queryKey: ["reports"],
    fetch: api.fetch,
    queryFn: async ({ fetch }: { fetch: typeof globalThis.fetch }) =>
      (await fetch("https://files.example/api/reports")).json() as Promise<{ owner: string; reports: string[] }>,
  };
  async function protectedLoader({ request }: LoaderFunctionArgs) {
    const { user } = await enforceLogin(oidc, { request });
    await queryClient.ensureQueryData(authedQueryOptions(oidc, reports));
    return { sub: user.sub };
  }
  function Reports() {
    const { data } = useAuthedSuspenseQuery(reports);
    return <p>reports of {data.owner}: {data.reports.join(",")}</p>;
  }
  const router = createMemoryRouter(
    [
      { path: "/", element: <Link to="/reports?tab=2">home</Link> },
      { path: "/reports", loader: protectedLoader, Component: Reports, HydrateFallback: Pending },
      { path: "/private/*", loader: protectedLoader, element: <p>private</p>, HydrateFallback: Pending },
    ],
    { initialEntries },
  );
  render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <OidcProvider oidc={oidc}>
          <RouterProvider router={router} />
        </OidcProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
  return { router, queryClient, api };
}

function Pending() {
  return <p>loading</p>;
}

afterEach(() => cleanup());

describe("protected routes (memory data router, StrictMode)", () => {
  it("a logged-in user gets the loader's data, fetched once with the API token", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const { router, api } = setup(oidc);
    await screen.findByText("home");
    act(() => screen.getByText("home").click());
    expect(await screen.findByText("reports of alice: alice-q1")).toBeTruthy();
    expect(router.state.location.pathname).toBe("/reports");
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0]?.headers.get("authorization")).toBe(`Bearer ${oidc.getSnapshot().apis.files.accessToken}`);
    expect(oidc.calls.login).toEqual([]);
  });

  it("a logged-out user is sent to login with returnTo = path + search, and no API request is made", async () => {
    const oidc = createMockOidc({ clients, user: null });
    const { router, api } = setup(oidc);
    await screen.findByText("home");
    act(() => screen.getByText("home").click());
    await vi.waitFor(() => expect(oidc.calls.login).toEqual([{ returnTo: "/reports?tab=2" }]));
    // The loader never settles (the page is leaving), so the route is not rendered.
    expect(router.state.location.pathname).toBe("/");
    expect(router.state.navigation.state).toBe("loading");
    expect(api.requests).toHaveLength(0);
  });

  it("guards the initial entry too", async () => {
    const oidc = createMockOidc({ clients, user: null, status: "initializing" });
    const { api } = setup(oidc, ["/reports?from=bookmark"]);
    await vi.waitFor(() => expect(oidc.calls.login).toEqual([{ returnTo: "/reports?from=bookmark" }]));
    expect(api.requests).toHaveLength(0);
  });

  it("a crafted path cannot make returnTo leave the origin", async () => {
    const oidc = createMockOidc({ clients, user: null });
    const { router } = setup(oidc);
    await screen.findByText("home");
    act(() => void router.navigate("/private//evil.com"));
    await vi.waitFor(() => expect(oidc.calls.login).toHaveLength(1));
    const returnTo = oidc.calls.login[0]?.returnTo ?? "";
    expect(returnTo.startsWith("/") && !returnTo.startsWith("//")).toBe(true);
    expect(new URL(returnTo, "https://app.example").origin).toBe("https://app.example");
  });

  it("after a user switch the next user sees only their own data", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" } });
    const { router, queryClient, api } = setup(oidc, ["/reports"]);
    expect(await screen.findByText("reports of alice: alice-q1")).toBeTruthy();
    act(() => oidc.loginAs({ sub: "bob" }));
    await act(async () => {
      await router.navigate("/reports");
    });
    expect(await screen.findByText("reports of bob: bob-q1")).toBeTruthy();
    expect(api.requests).toHaveLength(2);
    // Alice's entry was removed; a still-mounted observer may re-create her key for a moment, but never with data.
    const queries = queryClient.getQueryCache().getAll();
    expect(queries.filter((q) => (q.queryKey[0] as { sub?: string }).sub !== "bob" && q.state.data !== undefined)).toEqual([]);
    expect(queryClient.getQueryData([{ authedApi: "files", sub: "bob" }, "reports"])).toEqual({ owner: "bob", reports: ["bob-q1"] });
  });
});
