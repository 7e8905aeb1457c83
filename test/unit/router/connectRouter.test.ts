import { describe, expect, it, vi } from "vitest";
import { connectRouter, type NavigatingRouter } from "../../../src/router/connectRouter";
import { createMockOidc } from "../../../src/testing/createMockOidc";

describe("connectRouter", () => {
  it("tells the instance where a navigation goes while it is pending, and nothing once it settled", () => {
    const oidc = createMockOidc({ clients: { app: {} } });
    const navigatingTo = vi.spyOn(oidc, "navigatingTo");
    let listener: (state: NavigatingRouter["state"]) => void = () => undefined;
    const router: NavigatingRouter = {
      state: { navigation: { location: undefined } },
      subscribe: (l) => {
        listener = l;
        return () => undefined;
      },
    };
    connectRouter(oidc, router);
    listener({ navigation: { location: { pathname: "/reports", search: "?year=2026", hash: "#top" } } });
    listener({ navigation: { location: undefined } });
    expect(navigatingTo.mock.calls).toEqual([[undefined], ["/reports?year=2026#top"], [undefined]]);
  });
});
