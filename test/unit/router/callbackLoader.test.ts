import { afterEach, describe, expect, it, vi } from "vitest";
import { callbackLoader } from "../../../src/router/callbackLoader";
import { createMockOidc } from "../../../src/testing/createMockOidc";

const origin = window.location.origin;

function mockWhoseStartMovesTo(path: string | undefined) {
  const oidc = createMockOidc({ clients: { app: {} }, user: { sub: "alice" } });
  const start = oidc.start;
  const spy = vi.fn(async () => {
    // What the real core does once the chain is redeemed: the page goes back to the deep link.
    if (path !== undefined) window.history.replaceState(null, "", path);
    return start();
  });
  oidc.start = spy;
  return { oidc, spy };
}

afterEach(() => window.history.replaceState(null, "", "/"));

describe("callbackLoader", () => {
  it("does nothing (and does not wait) on an ordinary request", async () => {
    const { oidc, spy } = mockWhoseStartMovesTo("/elsewhere");
    await expect(callbackLoader(oidc)({ request: new Request(`${origin}/reports?year=2026`) })).resolves.toBeNull();
    expect(spy).not.toHaveBeenCalled();
  });

  it("waits for the callback to be redeemed, then redirects the router to the deep link the kit restored", async () => {
    window.history.replaceState(null, "", "/?code=abc&state=xyz");
    const { oidc, spy } = mockWhoseStartMovesTo("/secrets?view=all#top");
    const thrown = await callbackLoader(oidc)({ request: new Request(`${origin}/?code=abc&state=xyz`) }).catch((e: unknown) => e);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe("/secrets?view=all#top");
  });

  it("leaves a response it did not redeem alone instead of redirecting onto it again", async () => {
    window.history.replaceState(null, "", "/?error=access_denied&state=foreign");
    const { oidc } = mockWhoseStartMovesTo(undefined);
    await expect(
      callbackLoader(oidc)({ request: new Request(`${origin}/?error=access_denied&state=foreign`) }),
    ).resolves.toBeNull();
  });
});
