import { describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { enforceLogin, isPrefetchRequest } from "../../../src/router";
import { createMockOidc } from "../../../src/testing";

const clients = { app: {}, files: {} };
const url = "http://localhost/reports/7?tab=files";

async function notSettledYet(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol("pending");
  const winner = await Promise.race([promise.then(() => "settled", () => "settled"), new Promise((r) => setTimeout(() => r(marker), 20))]);
  return winner === marker;
}

describe("isPrefetchRequest", () => {
  it.each([
    [{ Purpose: "prefetch" }, true],
    [{ "Sec-Purpose": "prefetch" }, true],
    [{ "Sec-Purpose": "prefetch;prerender" }, true],
    [{ "X-Purpose": "preview" }, true],
    [{ "X-Moz": "prefetch" }, true],
    [{}, false],
    [{ "Sec-Purpose": "prefetchx" }, false],
  ])("headers %j → %s", (headers, expected) => {
    // Sec- headers are forbidden in a script-built Request (the browser sets them), so build the headers alone.
    expect(isPrefetchRequest({ headers: new Headers(headers) })).toBe(expected);
  });
});

describe("enforceLogin", () => {
  it("resolves with the user when logged in, after start()", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" }, status: "initializing" });
    await expect(enforceLogin(oidc, { request: new Request(url) })).resolves.toEqual({ user: { sub: "alice" } });
    expect(oidc.calls.login).toEqual([]);
  });

  it("starts a login with the request's path + search as returnTo and never resolves", async () => {
    const oidc = createMockOidc({ clients, user: null });
    const guard = enforceLogin(oidc, { request: new Request(url) });
    expect(await notSettledYet(guard)).toBe(true);
    expect(oidc.calls.login).toEqual([{ returnTo: "/reports/7?tab=files" }]);
  });

  it("cannot be turned into an open redirect by the request path", async () => {
    const oidc = createMockOidc({ clients, user: null });
    void enforceLogin(oidc, { request: new Request("http://localhost//evil.com/x?y=1") });
    await vi.waitFor(() => expect(oidc.calls.login).toHaveLength(1));
    expect(oidc.calls.login[0]?.returnTo).toBe("/evil.com/x?y=1");
  });

  it("rejects with a session error that a login would not fix, without logging in", async () => {
    const down = new OidcError("idp_unreachable", "down");
    const oidc = createMockOidc({ clients, user: null, status: "error", sessionError: down });
    await expect(enforceLogin(oidc, { request: new Request(url) })).rejects.toBe(down);
    expect(oidc.calls.login).toEqual([]);
  });

  it("logs in again when the session error is login_required", async () => {
    const oidc = createMockOidc({ clients, user: null, status: "error", sessionError: new OidcError("login_required", "gone") });
    void enforceLogin(oidc, { request: new Request(url) });
    await vi.waitFor(() => expect(oidc.calls.login).toHaveLength(1));
  });

  it("rejects with the login's own error when login() fails", async () => {
    const oidc = createMockOidc({ clients, user: null });
    const failure = new OidcError("idp_unreachable", "no discovery");
    vi.spyOn(oidc, "login").mockRejectedValue(failure);
    await expect(enforceLogin(oidc, { request: new Request(url) })).rejects.toBe(failure);
  });

  describe("on a prefetch request", () => {
    // As a server or framework-mode loader receives it: the browser set Sec-Purpose (a script cannot).
    const prefetch = () => ({ url, headers: new Headers({ "Sec-Purpose": "prefetch" }) });

    it("never starts a login or a restoration; rejects with login_required by default", async () => {
      const oidc = createMockOidc({ clients, user: null, status: "initializing" });
      const start = vi.spyOn(oidc, "start");
      await expect(enforceLogin(oidc, { request: prefetch() })).rejects.toMatchObject({ code: "login_required" });
      expect(oidc.calls.login).toEqual([]);
      expect(start).not.toHaveBeenCalled();
    });

    it("throws a redirect to loginPath carrying a safe returnTo when configured", async () => {
      const oidc = createMockOidc({ clients, user: null });
      const thrown = await enforceLogin(oidc, { request: prefetch() }, { loginPath: "/login?from=prefetch" }).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(Response);
      const response = thrown as Response;
      expect(response.status).toBe(302);
      const location = new URL(response.headers.get("Location") ?? "", "http://localhost");
      expect(location.pathname).toBe("/login");
      expect(location.searchParams.get("from")).toBe("prefetch");
      expect(location.searchParams.get("returnTo")).toBe("/reports/7?tab=files");
      expect(oidc.calls.login).toEqual([]);
    });

    it("refuses a foreign loginPath", async () => {
      const oidc = createMockOidc({ clients, user: null });
      const thrown = (await enforceLogin(oidc, { request: prefetch() }, { loginPath: "https://evil.com/login" }).catch((e: unknown) => e)) as Response;
      expect(new URL(thrown.headers.get("Location") ?? "", "http://localhost").pathname).toBe("/");
    });

    it("is recognised from Purpose: prefetch on a script-built Request too", async () => {
      const oidc = createMockOidc({ clients, user: null });
      const request = new Request(url, { headers: { Purpose: "prefetch" } });
      await expect(enforceLogin(oidc, { request })).rejects.toMatchObject({ code: "login_required" });
      expect(oidc.calls.login).toEqual([]);
    });

    it("resolves with the user when already logged in", async () => {
      const oidc = createMockOidc({ clients, user: { sub: "alice" } });
      await expect(enforceLogin(oidc, { request: prefetch() })).resolves.toEqual({ user: { sub: "alice" } });
    });
  });
});
