import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { connectQueryClient } from "../../../src/query/connectQueryClient";
import { createMockOidc } from "../../../src/testing";

const clients = { app: {}, files: {} };
const PUBLIC = [["public", "news"], [{ entity: "news", sub: "alice" }]];

function setup(sub = "alice") {
  const oidc = createMockOidc({ clients, user: { sub } });
  const queryClient = new QueryClient();
  queryClient.setQueryData([{ authedApi: "files", sub: "alice" }, "list"], ["a.txt"]);
  queryClient.setQueryData([{ authedApi: "app", sub: "bob" }, "me"], { sub: "bob" });
  queryClient.setQueryData([{ authedApi: "files", sub: null }, "x"], 1);
  queryClient.setQueryData(["public", "news"], ["hello"]);
  // An app key that starts with an object of its own is not the kit's.
  queryClient.setQueryData([{ entity: "news", sub: "alice" }], ["own"]);
  return { oidc, queryClient, keys: () => queryClient.getQueryCache().getAll().map((q) => q.queryKey) };
}

describe("connectQueryClient", () => {
  it("removes every authed query on logout() before the session switches, keeping public ones", async () => {
    const { oidc, queryClient, keys } = setup();
    connectQueryClient(oidc, queryClient);
    let seenDuringTasks: unknown[] = [];
    oidc.onLogout(() => {
      seenDuringTasks = keys();
    });
    void oidc.logout();
    await oidc.whenSettled();
    expect(keys()).toEqual(PUBLIC);
    expect(oidc.getSnapshot().session.status).toBe("loggedOut");
    // Registered first, the guard's task ran first, so the app's own task already saw a clean cache.
    expect(seenDuringTasks).toEqual(PUBLIC);
  });

  it("removes every authed query when the session ends without logout()", () => {
    const { oidc, queryClient, keys } = setup();
    connectQueryClient(oidc, queryClient);
    oidc.setUser(null);
    expect(keys()).toEqual(PUBLIC);
  });

  it("on a user switch keeps only the new user's authed queries", () => {
    const { oidc, queryClient, keys } = setup();
    connectQueryClient(oidc, queryClient);
    oidc.loginAs({ sub: "bob" });
    expect(keys()).toEqual([[{ authedApi: "app", sub: "bob" }, "me"], ...PUBLIC]);
  });

  it("keeps the cache when the same user's claims are refreshed or a token renews", async () => {
    const { oidc, queryClient, keys } = setup();
    connectQueryClient(oidc, queryClient);
    const before = keys();
    oidc.setUser({ sub: "alice", name: "Alice again" });
    await oidc.getApiToken("files");
    expect(keys()).toEqual(before);
  });

  it("stops after disconnect", async () => {
    const { oidc, queryClient, keys } = setup();
    const disconnect = connectQueryClient(oidc, queryClient);
    disconnect();
    void oidc.logout();
    await oidc.whenSettled();
    expect(keys()).toHaveLength(5);
  });
});
