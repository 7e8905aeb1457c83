import { describe, expect, it } from "vitest";
import { processVaultLoginResponse, vaultLoginRequest } from "../../../src/vault/vaultLogin";
import { isVaultError, VaultError } from "../../../src/vault/vaultError";
import { processRevokeSelfResponse, revokeSelfRequest } from "../../../src/vault/vaultRevoke";
import { json, loginBody } from "./stubVault";

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe("vaultLoginRequest", () => {
  it("POSTs {role, jwt} as JSON to /v1/auth/<mount>/login", async () => {
    let seen: { url: string; init: RequestInit | undefined } | undefined;
    await vaultLoginRequest({
      vaultUrl: "https://vault.test",
      mount: "oidc-jwt",
      role: "web-app",
      jwt: "eyJ.a.b",
      fetch: async (url, init) => {
        seen = { url, init };
        return json(200, {});
      },
    });
    expect(seen?.url).toBe("https://vault.test/v1/auth/oidc-jwt/login");
    expect(seen?.init?.method).toBe("POST");
    expect(JSON.parse(String(seen?.init?.body))).toEqual({ role: "web-app", jwt: "eyJ.a.b" });
  });

  it("leaves the role out when none is given (the mount's default_role applies)", async () => {
    let body: unknown;
    await vaultLoginRequest({ vaultUrl: "https://v", jwt: "j", fetch: async (_u, init) => ((body = JSON.parse(String(init?.body))), json(200, {})) });
    expect(body).toEqual({ jwt: "j" });
  });

  it("turns a network failure into vault_unreachable", async () => {
    const error = await rejection(
      vaultLoginRequest({ vaultUrl: "https://v", jwt: "j", fetch: () => Promise.reject(new TypeError("Failed to fetch")) }),
    );
    expect(error.code).toBe("vault_unreachable");
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});

describe("processVaultLoginResponse", () => {
  it("reads client_token, lease_duration, policies and renewable from Vault's documented answer", async () => {
    const login = await processVaultLoginResponse(json(200, loginBody("hvs.abc", 3600)), 1_000_000);
    expect(login).toEqual({
      accessToken: "hvs.abc",
      accessor: "acc-hvs.abc",
      expiresAt: 1_000_000 + 3_600_000,
      policies: ["default", "user-secrets"],
      renewable: true,
    });
  });

  it("treats lease_duration 0 as a token without expiry", async () => {
    const login = await processVaultLoginResponse(json(200, loginBody("hvs.root", 0)), 5);
    expect(login.expiresAt).toBe(Number.POSITIVE_INFINITY);
  });

  it.each([
    ['role "nope" could not be found'],
    ["error validating token: invalid audience (aud) claim: audience claim does not match any expected audience"],
    ["audience claim found in JWT but no audiences bound to the role"],
    ["error validating token: invalid expiration time (exp) claim: token is expired"],
  ])("surfaces Vault's 400 %s as vault_login_failed with its messages", async (message) => {
    const error = await rejection(processVaultLoginResponse(json(400, { errors: [message] })));
    expect(error.code).toBe("vault_login_failed");
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([message]);
  });

  it("keeps vault_login_failed for a 403, and answers the transient vault_unreachable for a 5xx (empty errors without a body)", async () => {
    const forbidden = await rejection(processVaultLoginResponse(json(403, { errors: ["permission denied"] })));
    expect([forbidden.code, forbidden.status]).toEqual(["vault_login_failed", 403]);
    const sealed = await rejection(processVaultLoginResponse(new Response("<html>", { status: 503 })));
    expect([sealed.code, sealed.status, sealed.errors]).toEqual(["vault_unreachable", 503, []]);
  });

  it("asks fetch not to follow redirects, and refuses a 3xx or a browser opaqueredirect with vault_redirect_refused", async () => {
    let mode: RequestRedirect | undefined;
    const redirected = await rejection(
      vaultLoginRequest({
        vaultUrl: "https://v",
        jwt: "j",
        fetch: async (_url, init) => {
          mode = init?.redirect;
          return new Response(null, { status: 307, headers: { Location: "https://evil.test/v1/auth/jwt/login" } });
        },
      }),
    );
    expect(mode).toBe("manual");
    expect([redirected.code, redirected.status]).toEqual(["vault_redirect_refused", 307]);
    // A browser's answer to redirect: "manual": type "opaqueredirect", status 0, no headers.
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
    Object.defineProperty(opaque, "status", { value: 0 });
    const refused = await rejection(vaultLoginRequest({ vaultUrl: "https://v", jwt: "j", fetch: async () => opaque }));
    expect(refused.code).toBe("vault_redirect_refused");
    // An injected fetch that followed anyway: the answer comes from elsewhere, refused too.
    const followed = new Response("{}", { status: 200 });
    Object.defineProperty(followed, "redirected", { value: true });
    expect((await rejection(vaultLoginRequest({ vaultUrl: "https://v", jwt: "j", fetch: async () => followed }))).code).toBe("vault_redirect_refused");
  });

  it.each([
    ["a body that is not JSON", new Response("not json", { status: 200 })],
    ["no auth block", json(200, { data: null })],
    ["no client_token", json(200, { auth: { lease_duration: 10 } })],
    ["an empty client_token", json(200, { auth: { client_token: "", lease_duration: 10 } })],
    ["no lease_duration", json(200, { auth: { client_token: "hvs.x" } })],
    ["a negative lease_duration", json(200, { auth: { client_token: "hvs.x", lease_duration: -1 } })],
  ])("answers vault_bad_response for %s", async (_name, response) => {
    const error = await rejection(processVaultLoginResponse(response));
    expect(isVaultError(error, "vault_bad_response")).toBe(true);
  });
});

describe("revoke-self", () => {
  it("POSTs with the token and counts 204 (revoked) and 403 (already gone) as done", async () => {
    let seen: Headers | undefined;
    const response = await revokeSelfRequest("https://v", "hvs.t", async (url, init) => {
      expect(url).toBe("https://v/v1/auth/token/revoke-self");
      seen = new Headers(init?.headers);
      return new Response(null, { status: 204 });
    });
    expect(seen?.get("X-Vault-Token")).toBe("hvs.t");
    expect(processRevokeSelfResponse(response)).toBe(true);
    expect(processRevokeSelfResponse(json(403, { errors: ["permission denied"] }))).toBe(true);
    expect(processRevokeSelfResponse(json(500, { errors: ["boom"] }))).toBe(false);
  });
});
