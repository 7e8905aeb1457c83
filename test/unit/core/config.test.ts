import { describe, expect, it } from "vitest";
import { isSameSite, resolveConfig } from "../../../src/core/config";
import { OidcError } from "../../../src/core/errors";
import type { OidcConfig } from "../../../src/core/types";

const origin = "https://app.example";
const base: OidcConfig = {
  issuer: "https://idp.example/realms/demo/",
  clients: {
    app: { clientId: "myapp", scope: "openid profile offline_access" },
    vault: { clientId: "myapp-vault" },
    files: { clientId: "myapp", resource: "https://files.example", scope: "files:read" },
    reports: { clientId: "myapp", audience: "https://reports.example" },
    notes: { clientId: "myapp", scope: "openid notes" },
  },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof OidcError ? error.code : "not an OidcError";
  }
  return undefined;
}

describe("resolveConfig", () => {
  it("infers one strategy per client from its fields", () => {
    const config = resolveConfig(base, origin);
    const strategies = Object.fromEntries(Object.entries(config.clients).map(([name, c]) => [name, c.strategy]));
    expect(strategies).toEqual({ app: "login", vault: "dedicated", files: "resource", reports: "audience", notes: "scope" });
  });

  it("applies defaults: first client logs in, redirect URI is the origin, memory storage, auto restoration", () => {
    const config = resolveConfig(base, origin);
    expect(config.loginClient).toBe("app");
    expect(config.issuer).toBe("https://idp.example/realms/demo");
    expect(config.redirectUri).toBe("https://app.example/");
    expect(config.postLogoutRedirectUri).toBe("https://app.example/");
    expect(config.tokenStorage).toBe("memory");
    expect(config.sessionRestoration).toBe("auto");
    expect(config.clients.vault?.scope).toBe("openid");
  });

  it("expects the resource or audience in the token unless told otherwise", () => {
    const config = resolveConfig(
      { ...base, clients: { ...base.clients, notes: { clientId: "myapp", scope: "notes", expectedAudience: false } } },
      origin,
    );
    expect(config.clients.files?.expectedAudience).toBe("https://files.example");
    expect(config.clients.reports?.expectedAudience).toBe("https://reports.example");
    expect(config.clients.vault?.expectedAudience).toBeUndefined();
    expect(config.clients.notes?.expectedAudience).toBe(false);
  });

  it.each([
    ["a relative issuer", { ...base, issuer: "/realms/demo" }],
    ["no clients", { ...base, clients: {} }],
    ["an unknown login client", { ...base, loginClient: "nope" }],
    ["an empty clientId", { ...base, clients: { app: { clientId: "" } } }],
    ["a shared client with nothing to tell it apart", { ...base, clients: { app: { clientId: "myapp" }, twin: { clientId: "myapp" } } }],
    ["both resource and audience", { ...base, clients: { app: { clientId: "a" }, x: { clientId: "a", resource: "https://r", audience: "https://r" } } }],
    ["localStorage for tokens", { ...base, tokenStorage: "localStorage" as never }],
    ["an unknown restoration method", { ...base, sessionRestoration: "popup" as never }],
    ["a relative base URL", { ...base, clients: { app: { clientId: "a", baseUrls: ["/api"] } } }],
  ])("refuses %s with config_invalid", (_label, config) => {
    expect(codeOf(() => resolveConfig(config as OidcConfig, origin))).toBe("config_invalid");
  });

  it("says how to fix a shared client that lacks a resource, audience or scope", () => {
    expect(() => resolveConfig({ ...base, clients: { app: { clientId: "myapp" }, twin: { clientId: "myapp" } } }, origin)).toThrow(
      /resource.*audience.*scope.*clientId/,
    );
  });

  it("shows the refused value in development builds", () => {
    expect(() => resolveConfig({ ...base, autoLogin: "false" as unknown as boolean }, origin)).toThrow(/got "false"/);
    expect(() => resolveConfig({ ...base, silentTimeoutMs: 5 }, origin)).toThrow(/got 5\./);
    expect(() => resolveConfig({ ...base, redirectUri: ["https://app.example/"] as unknown as string }, origin)).toThrow(/got an array\./);
  });
});

describe("isSameSite", () => {
  it("treats ports of one host as one site and localhost vs 127.0.0.1 as two", () => {
    expect(isSameSite("http://127.0.0.1:5173/", "http://127.0.0.1:4000/oidc")).toBe(true);
    expect(isSameSite("http://127.0.0.1:5173/", "http://localhost:4000/oidc")).toBe(false);
    expect(isSameSite("https://app.example.com/", "https://auth.example.com/realms/x")).toBe(true);
    expect(isSameSite("https://app.example.com/", "https://login.other.com/")).toBe(false);
    expect(isSameSite("http://app.example.com/", "https://auth.example.com/")).toBe(false);
  });
});
