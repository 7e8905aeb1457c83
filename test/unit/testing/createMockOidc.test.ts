import { describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { decodeJwtPayload } from "../../../src/core/protocol/jwt";
import { createMockOidc, defaultMockUser, makeFakeJwt } from "../../../src/testing";

const T0 = Date.UTC(2026, 0, 1);
const clients = {
  app: {},
  files: { resource: "https://files.example", baseUrls: ["https://files.example/"] },
  reports: { clientId: "reports-spa", scope: "openid reports:read" },
};

describe("makeFakeJwt", () => {
  it("builds a three-part base64url string whose payload decodes back to the claims", () => {
    const token = makeFakeJwt({ sub: "ü-1", aud: ["a", "b"], exp: 10, scope: "x y" });
    expect(token.split(".")).toHaveLength(3);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeJwtPayload(token)).toEqual({ sub: "ü-1", aud: ["a", "b"], exp: 10, scope: "x y" });
  });
});

describe("createMockOidc", () => {
  it("resolves a config with strategies inferred like the real kit", () => {
    const oidc = createMockOidc({ clients });
    expect(oidc.config.loginClient).toBe("app");
    expect(oidc.config.clients.app.strategy).toBe("login");
    expect(oidc.config.clients.files.strategy).toBe("resource");
    expect(oidc.config.clients.files.clientId).toBe("app");
    expect(oidc.config.clients.reports.strategy).toBe("dedicated");
    expect(oidc.config.clients.files.baseUrls).toEqual(["https://files.example/"]);
  });

  it("rejects an empty client list and a logged-in status without a user with config_invalid", () => {
    expect(() => createMockOidc({ clients: {} })).toThrow(expect.objectContaining({ code: "config_invalid" }));
    expect(() => createMockOidc({ clients, user: null, status: "loggedIn" })).toThrow(
      expect.objectContaining({ code: "config_invalid" }),
    );
  });

  it("issues decodable fake tokens carrying aud, sub, exp and scope from the injected clock", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice" }, now: () => T0 });
    const token = await oidc.getApiToken("files");
    expect(decodeJwtPayload(token)).toMatchObject({
      aud: "https://files.example",
      sub: "alice",
      scope: "openid",
      iat: T0 / 1000,
      exp: T0 / 1000 + 3600,
    });
    const entry = oidc.getSnapshot().apis.files;
    expect(entry).toMatchObject({ status: "ready", accessToken: token, expiresAt: T0 + 3_600_000, audience: ["https://files.example"] });
    expect(await oidc.getApiToken("files")).toBe(token);
  });

  it("is deterministic: two mocks with the same clock issue the same tokens", async () => {
    const a = createMockOidc({ clients, now: () => T0 });
    const b = createMockOidc({ clients, now: () => T0 });
    expect(await a.getApiToken("reports")).toBe(await b.getApiToken("reports"));
  });

  it("keeps the identity of entries and session that did not change", async () => {
    const oidc = createMockOidc({ clients });
    const before = oidc.getSnapshot();
    await oidc.getApiToken("files");
    const after = oidc.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.apis.files).not.toBe(before.apis.files);
    expect(after.apis.reports).toBe(before.apis.reports);
    expect(after.apis.app).toBe(before.apis.app);
    expect(after.session).toBe(before.session);
  });

  it("notifies subscribers on every change and stops after unsubscribe", async () => {
    const oidc = createMockOidc({ clients });
    const listener = vi.fn();
    const unsubscribe = oidc.subscribe(listener);
    await oidc.getApiToken("files"); // loading + ready
    expect(listener).toHaveBeenCalledTimes(2);
    unsubscribe();
    oidc.setUser(null);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it("shares one request between concurrent callers and honours tokenDelayMs", async () => {
    vi.useFakeTimers();
    try {
      const oidc = createMockOidc({ clients, tokenDelayMs: 100 });
      const first = oidc.getApiToken("files");
      const second = oidc.getApiToken("files");
      await vi.advanceTimersByTimeAsync(99);
      expect(oidc.getSnapshot().apis.files.status).toBe("loading");
      await vi.advanceTimersByTimeAsync(1);
      expect(await first).toBe(await second);
      expect(oidc.getSnapshot().apis.files.status).toBe("ready");
    } finally {
      vi.useRealTimers();
    }
  });

  it("forceRefresh and expireToken produce a new token; calls are recorded", async () => {
    const oidc = createMockOidc({ clients, now: () => T0 });
    const first = await oidc.getApiToken("files");
    const forced = await oidc.getApiToken("files", { forceRefresh: true });
    expect(forced).not.toBe(first);
    oidc.expireToken("files");
    expect(oidc.getSnapshot().apis.files.expiresAt).toBe(T0);
    const renewed = await oidc.getApiToken("files");
    expect(renewed).not.toBe(forced);
    expect(oidc.calls.getApiToken).toEqual([
      { api: "files", forceRefresh: false },
      { api: "files", forceRefresh: true },
      { api: "files", forceRefresh: false },
    ]);
    oidc.clearCalls();
    expect(oidc.calls.getApiToken).toEqual([]);
  });

  it("serves configured tokens and errors, and setToken changes them at once", async () => {
    const denied = new OidcError("interaction_required", "consent", { api: "reports" });
    const oidc = createMockOidc({ clients, tokens: { files: "fixed-token", reports: denied } });
    expect(await oidc.getApiToken("files")).toBe("fixed-token");
    await expect(oidc.getApiToken("reports")).rejects.toBe(denied);
    expect(oidc.getSnapshot().apis.reports).toMatchObject({ status: "error", error: denied });
    oidc.setToken("reports", "now-ok");
    expect(oidc.getSnapshot().apis.reports).toMatchObject({ status: "ready", accessToken: "now-ok" });
    expect(await oidc.getApiToken("reports")).toBe("now-ok");
  });

  it("rejects unknown APIs with unknown_api and logged-out requests with login_required", async () => {
    const oidc = createMockOidc({ clients, user: null });
    await expect(oidc.getApiToken("nope" as "files")).rejects.toMatchObject({ code: "unknown_api" });
    await expect(oidc.getApiToken("files")).rejects.toMatchObject({ code: "login_required", api: "files" });
  });

  it("login() records the call and signs in loginUser without settling", async () => {
    const oidc = createMockOidc({ clients, user: null, loginUser: { sub: "bob" } });
    expect(oidc.getSnapshot().session.status).toBe("loggedOut");
    const settled = vi.fn();
    oidc.login({ returnTo: "/x" }).then(settled, settled);
    expect(oidc.calls.login).toEqual([{ returnTo: "/x" }]);
    expect(oidc.getSnapshot().session).toMatchObject({ status: "loggedIn", user: { sub: "bob" } });
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();
  });

  it("logout() runs onLogout tasks (even failing ones) before switching to logged out", async () => {
    const oidc = createMockOidc({ clients });
    await oidc.getApiToken("files");
    const order: string[] = [];
    oidc.onLogout(async () => {
      order.push(`task sees ${oidc.getSnapshot().session.status}`);
    });
    oidc.onLogout(() => {
      throw new Error("boom");
    });
    const unregister = oidc.onLogout(() => {
      order.push("unregistered task");
    });
    unregister();
    void oidc.logout({ returnTo: "/bye" });
    await oidc.whenSettled();
    expect(order).toEqual(["task sees loggedIn"]);
    expect(oidc.calls.logout).toEqual([{ returnTo: "/bye" }]);
    expect(oidc.getSnapshot().session.status).toBe("loggedOut");
    expect(oidc.getSnapshot().apis.files.status).toBe("idle");
  });

  it("a user switch drops tokens and a token requested for the previous user never lands", async () => {
    vi.useFakeTimers();
    try {
      const oidc = createMockOidc({ clients, user: { sub: "alice" }, tokenDelayMs: 50 });
      const forAlice = oidc.getApiToken("files");
      const outcome = forAlice.catch((error: unknown) => error);
      oidc.loginAs({ sub: "bob" });
      await vi.advanceTimersByTimeAsync(50);
      expect(await outcome).toMatchObject({ code: "logged_out" });
      expect(oidc.getSnapshot().apis.files.status).toBe("idle");
      const forBob = oidc.getApiToken("files");
      await vi.advanceTimersByTimeAsync(50);
      expect(decodeJwtPayload(await forBob)?.sub).toBe("bob");
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps token entries when the same user's claims are refreshed", async () => {
    const oidc = createMockOidc({ clients, user: { sub: "alice", name: "A" } });
    await oidc.getApiToken("files");
    const entry = oidc.getSnapshot().apis.files;
    oidc.setUser({ sub: "alice", name: "Alice" });
    expect(oidc.getSnapshot().session.user?.name).toBe("Alice");
    expect(oidc.getSnapshot().apis.files).toBe(entry);
  });

  it("status initializing waits for start(), which is idempotent", async () => {
    const oidc = createMockOidc({ clients, status: "initializing" });
    expect(oidc.getSnapshot().session).toMatchObject({ status: "initializing", user: undefined });
    const first = await oidc.start();
    const second = await oidc.start();
    expect(first).toMatchObject({ status: "loggedIn", user: defaultMockUser });
    expect(second).toBe(first);
  });

  it("getApiToken during initializing restores the session first", async () => {
    const oidc = createMockOidc({ clients, status: "initializing", user: { sub: "carol" } });
    const token = await oidc.getApiToken("files");
    expect(decodeJwtPayload(token)?.sub).toBe("carol");
  });
});
