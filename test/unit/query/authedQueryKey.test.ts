import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import { authedQueryKey } from "../../../src/query/authedQueryKey";
import { authedQueryOptions } from "../../../src/query/authedQueryOptions";
import { connectQueryClient } from "../../../src/query/connectQueryClient";
import { createMockOidc } from "../../../src/testing";

const clients = { app: {}, todos: {}, files: {} };
const clientsToClear: QueryClient[] = [];
afterEach(() => {
  for (const client of clientsToClear.splice(0)) client.clear();
});

/** A real QueryClient holding, for alice, two todos queries, one files query under the same key, and a public one. */
async function filled() {
  const oidc = createMockOidc({ clients, user: { sub: "alice" } });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  clientsToClear.push(queryClient);
  const options = (api: "todos" | "files", queryKey: readonly unknown[]) =>
    authedQueryOptions(oidc, { api, queryKey, queryFn: () => `${api}:${queryKey.join("/")}` });
  const todos = options("todos", ["todos"]);
  const todo = options("todos", ["todos", 7]);
  const other = options("todos", ["tags"]);
  const files = options("files", ["todos"]);
  for (const query of [todos, todo, other, files]) await queryClient.ensureQueryData(query);
  queryClient.setQueryData(["todos"], "public");
  const invalidated = () =>
    queryClient
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.isInvalidated)
      .map((query) => query.queryKey);
  return { oidc, queryClient, todos, todo, other, files, invalidated };
}

describe("authedQueryKey", () => {
  it("is a prefix that invalidates that API's queries under that key, and no other", async () => {
    const { queryClient, todos, todo, invalidated } = await filled();
    await queryClient.invalidateQueries({ queryKey: authedQueryKey("todos", ["todos"]) });
    expect(invalidated()).toEqual([todos.queryKey, todo.queryKey]);
  });

  it("without a key matches every query of the API", async () => {
    const { queryClient, todos, todo, other, invalidated } = await filled();
    await queryClient.invalidateQueries({ queryKey: authedQueryKey("todos") });
    expect(invalidated()).toEqual([todos.queryKey, todo.queryKey, other.queryKey]);
  });

  it("finds the data a query put in the cache", async () => {
    const { queryClient } = await filled();
    expect(queryClient.getQueriesData({ queryKey: authedQueryKey("files", ["todos"]) }).map(([, data]) => data)).toEqual(["files:todos"]);
  });

  it("after a user switch matches only the new user's entries once connectQueryClient cleaned the cache", async () => {
    const { oidc, queryClient } = await filled();
    connectQueryClient(oidc, queryClient);
    oidc.loginAs({ sub: "bob" });
    const forBob = authedQueryOptions(oidc, { api: "todos", queryKey: ["todos"], queryFn: () => "bob's" });
    await queryClient.ensureQueryData(forBob);
    expect(queryClient.getQueriesData({ queryKey: authedQueryKey("todos", ["todos"]) })).toEqual([[forBob.queryKey, "bob's"]]);
  });

  it("is typed: the API name and the key are kept literally", () => {
    expectTypeOf(authedQueryKey("todos", ["todos", 7])).toEqualTypeOf<readonly [{ readonly authedApi: "todos" }, "todos", 7]>();
    expect(authedQueryKey("todos", ["todos", 7])).toEqual([{ authedApi: "todos" }, "todos", 7]);
  });
});
