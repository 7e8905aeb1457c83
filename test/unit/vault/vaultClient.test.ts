import { describe, expect, it, vi } from "vitest";
import { isOidcError } from "../../../src/core/errors";
import { createMockOidc } from "../../../src/testing";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { isVaultError } from "../../../src/vault/vaultError";
import { createManualClock } from "../../support/manualClock";
import { createStubVault, json, VAULT_URL } from "./stubVault";

// Every client runs on a manual clock (time moves only with `clock.advance`), starting at 1_000_000 ms.
function setup(options: { renewBeforeExpirySeconds?: number } = {}) {
  const oidc = createMockOidc({ clients: { app: {}, vault: { clientId: "myapp-vault" } }, tokens: { vault: "upstream-1" } });
  const vault = createStubVault();
  const clock = createManualClock();
  const client = createVaultClient({
    api: "vault",
    oidc,
    vaultUrl: `${VAULT_URL}/`,
    role: "web-app",
    fetch: vault.fetch,
    now: clock.now,
    timers: clock.timers,
    random: () => 0.5,
    ...options,
  });
  return { oidc, vault, client, clock };
}

const dataCalls = (vault: ReturnType<typeof createStubVault>) => vault.calls.filter((c) => c.path.startsWith("/v1/secret/"));

describe("getVaultToken: cache and single flight", () => {
  it("shares one login between 20 concurrent callers and reuses it afterwards", async () => {
    const { vault, client } = setup();
    vault.loginDelayMs = 20;
    const logins = await Promise.all(Array.from({ length: 20 }, () => client.getVaultToken()));
    expect(vault.logins()).toHaveLength(1);
    expect(new Set(logins.map((l) => l.accessToken))).toEqual(new Set(["hvs.token1"]));
    expect(vault.logins()[0]?.body).toEqual({ role: "web-app", jwt: "upstream-1" });
    expect(vault.logins()[0]?.path).toBe("/v1/auth/jwt/login");
    await client.getVaultToken();
    expect(vault.logins()).toHaveLength(1);
  });

  it("logs in again when the lease is within renewBeforeExpirySeconds of its end (injected clock and timers)", async () => {
    const { vault, client, clock } = setup({ renewBeforeExpirySeconds: 30 });
    const first = await client.getVaultToken();
    expect(first.expiresAt).toBe(1_000_000 + 3_600_000);
    await clock.advance(3_569_000);
    expect((await client.getVaultToken()).accessToken).toBe(first.accessToken);
    await clock.advance(2_000);
    const second = await client.getVaultToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(vault.logins()).toHaveLength(2);
  });

  it("uses a short lease for its first half instead of logging in on every call", async () => {
    const { vault, client, clock } = setup();
    vault.leaseSeconds = 10;
    await client.getVaultToken();
    expect(client.getSnapshot().refreshAt).toBe(1_005_000);
    await clock.advance(4_999);
    await client.getVaultToken();
    expect(vault.logins()).toHaveLength(1);
    await clock.advance(1);
    await client.getVaultToken();
    expect(vault.logins()).toHaveLength(2);
  });

  it("renews on its own timer while subscribed, and exchanges a renewed upstream token at once", async () => {
    const { oidc, vault, client, clock } = setup();
    vault.leaseSeconds = 60;
    const unsubscribe = client.subscribe(() => {});
    await client.getVaultToken();
    await clock.advance(30_000);
    expect(vault.logins()).toHaveLength(2);
    oidc.setToken("vault", "upstream-2");
    await clock.flush();
    expect(vault.logins().map((c) => (c.body as { jwt: string }).jwt)).toEqual(["upstream-1", "upstream-1", "upstream-2"]);
    unsubscribe();
    oidc.setToken("vault", "upstream-3");
    await clock.advance(600_000);
    expect(vault.logins()).toHaveLength(3);
  });

  it("logs in again, with the new JWT, when the upstream access token changed", async () => {
    const { oidc, vault, client } = setup();
    const first = await client.getVaultToken();
    oidc.setToken("vault", "upstream-2");
    const second = await client.getVaultToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(vault.logins().map((c) => (c.body as { jwt: string }).jwt)).toEqual(["upstream-1", "upstream-2"]);
  });

  it("shares a failed login's error between concurrent callers and publishes it", async () => {
    const { vault, client } = setup();
    vault.loginFailure = { status: 400, errors: ['role "web-app" could not be found'] };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.getVaultToken()));
    expect(vault.logins()).toHaveLength(1);
    for (const result of results) {
      expect(result.status).toBe("rejected");
      if (result.status === "rejected") expect(isVaultError(result.reason, "vault_login_failed")).toBe(true);
    }
    const snapshot = client.getSnapshot();
    expect(snapshot.status).toBe("error");
    expect(snapshot.error && "errors" in snapshot.error ? snapshot.error.errors : []).toEqual(['role "web-app" could not be found']);
  });

  it("passes the upstream token's OidcError through", async () => {
    const { oidc, client, vault } = setup();
    oidc.setUser(null);
    const error = await client.getVaultToken().catch((e: unknown) => e);
    expect(isOidcError(error, "login_required")).toBe(true);
    expect(vault.logins()).toHaveLength(0);
    expect(client.getSnapshot().status).toBe("error");
  });

  it("publishes loading then ready, replacing the snapshot object only on change", async () => {
    const { client } = setup();
    const seen: string[] = [];
    client.subscribe(() => seen.push(client.getSnapshot().status));
    const before = client.getSnapshot();
    expect(before.status).toBe("idle");
    const login = await client.getVaultToken();
    expect(seen).toEqual(["loading", "ready"]);
    const ready = client.getSnapshot();
    expect(ready.login).toBe(login);
    await client.getVaultToken();
    expect(client.getSnapshot()).toBe(ready);
  });
});

describe("Vault calls", () => {
  it("sends X-Vault-Token to paths under <vaultUrl>/v1/ and refuses any other URL", async () => {
    const { vault, client } = setup();
    await client.fetch("secret/data/users/a/x");
    await client.fetch("/v1/secret/data/users/a/y");
    await client.fetch(`${VAULT_URL}/v1/sys/health`);
    const data = vault.calls.filter((c) => !c.path.endsWith("/login"));
    expect(data.map((c) => c.path)).toEqual(["/v1/secret/data/users/a/x", "/v1/secret/data/users/a/y", "/v1/sys/health"]);
    expect(data.every((c) => c.token === "hvs.token1")).toBe(true);
    // A protocol-relative path is read as a path, so it stays at Vault.
    await client.fetch("//evil.test/v1/x");
    expect(vault.calls.at(-1)?.path).toBe("/v1/evil.test/v1/x");
    for (const path of ["https://evil.test/v1/x", "../../x", "secret/../../ui", `${VAULT_URL}/ui/`]) {
      const error = await client.fetch(path).catch((e: unknown) => e);
      expect(isVaultError(error, "vault_url_mismatch")).toBe(true);
    }
  });

  it("on a 403 with a token older than 5 s, logs in once more and retries once; succeeds when the new token is accepted", async () => {
    const { vault, client, clock } = setup();
    vault.onData = (call) => (call.token === "hvs.token1" ? json(403, { errors: ["permission denied"] }) : json(200, { data: { keys: ["api"] } }));
    await client.getVaultToken();
    await clock.advance(5_000);
    expect(await client.listSecrets("secret", "users/alice/")).toEqual(["api"]);
    expect(vault.logins()).toHaveLength(2);
  });

  it("takes a 403 on a token minted less than 5 s ago as final: no login, no retry", async () => {
    const { vault, client, clock } = setup();
    vault.onData = () => json(403, { errors: ["permission denied"] });
    await client.getVaultToken();
    await clock.advance(4_999);
    await expect(client.readSecret("secret", "users/bob/api")).rejects.toMatchObject({ code: "vault_permission_denied", status: 403 });
    expect(vault.logins()).toHaveLength(1);
    expect(dataCalls(vault)).toHaveLength(1);
  });

  it("fails with vault_permission_denied after exactly one fresh login and one retry", async () => {
    const { vault, client, clock } = setup();
    vault.onData = () => json(403, { errors: ["permission denied"] });
    await client.getVaultToken();
    await clock.advance(5_000);
    const error = await client.readSecret("secret", "users/bob/api").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "vault_permission_denied", status: 403, errors: ["permission denied"] });
    expect(vault.logins()).toHaveLength(2);
    expect(dataCalls(vault)).toHaveLength(2);
  });

  it("does not log in again when the token minted for a 403 is denied too, so re-reading on token change cannot loop", async () => {
    const { vault, client, clock } = setup();
    vault.onData = () => json(403, { errors: ["permission denied"] });
    await client.getVaultToken();
    for (let read = 0; read < 3; read++) {
      await clock.advance(10_000);
      await expect(client.readSecret("secret", "users/bob/api")).rejects.toMatchObject({ code: "vault_permission_denied" });
    }
    expect(vault.logins()).toHaveLength(2);
  });

  it("refuses a redirect from Vault with vault_redirect_refused and never returns its body", async () => {
    const { vault, client } = setup();
    vault.onData = () => new Response(JSON.stringify({ data: { data: { api_key: "evil" }, metadata: { version: 1 } } }), {
      status: 307,
      headers: { Location: "https://evil.test/v1/secret/data/users/alice/api" },
    });
    await expect(client.readSecret("secret", "users/alice/api")).rejects.toMatchObject({ code: "vault_redirect_refused", status: 307 });
    expect(dataCalls(vault).map((c) => c.redirect)).toEqual(["manual"]);
    expect(vault.logins().map((c) => c.redirect)).toEqual(["manual"]);
  });

  it("refuses invalid KV mounts and paths before logging in", async () => {
    const { vault, client } = setup();
    await expect(client.readSecret("secret", "users/alice/../../../../sys/policies/acl/admin")).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.writeSecret("secret", "../../auth/token/create", { x: "y" })).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.listSecrets("..", "")).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.fetch(42 as unknown as string)).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.fetch("http://[")).rejects.toMatchObject({ code: "vault_url_mismatch" });
    expect(vault.calls).toEqual([]);
  });

  it("reads, writes and lists KV v2 secrets", async () => {
    const { vault, client } = setup();
    expect((await client.readSecret("secret", "users/alice/api", { version: 2 })).data).toEqual({ api_key: "k" });
    vault.onData = (call) =>
      call.method === "POST"
        ? json(200, { data: { created_time: "t", custom_metadata: null, deletion_time: "", destroyed: false, version: 3 } })
        : json(404, { errors: [] });
    expect((await client.writeSecret("secret", "users/alice/api", { api_key: "n" })).version).toBe(3);
    expect(await client.listSecrets("secret", "users/alice/empty/")).toEqual([]);
    expect(vault.calls.map((c) => `${c.method} ${c.path}`).filter((c) => !c.includes("login"))).toEqual([
      "GET /v1/secret/data/users/alice/api?version=2",
      "POST /v1/secret/data/users/alice/api",
      "GET /v1/secret/metadata/users/alice/empty/?list=true",
    ]);
  });
});

describe("logout", () => {
  it("revokes every Vault token held (current and replaced) and empties the cache", async () => {
    const { oidc, vault, client } = setup();
    await client.getVaultToken();
    oidc.setToken("vault", "upstream-2");
    await client.getVaultToken();
    void oidc.logout();
    await oidc.whenSettled();
    expect(vault.revoked().sort()).toEqual(["hvs.token1", "hvs.token2"]);
    expect(client.getSnapshot().status).toBe("idle");
    const after = await client.getVaultToken().catch((e: unknown) => e);
    expect(isOidcError(after, "login_required")).toBe(true);
  });

  it("revokes a login that was in flight and never caches it", async () => {
    const { vault, client } = setup();
    vault.loginDelayMs = 30;
    const pending = client.getVaultToken();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await client.revokeAll();
    const error = await pending.catch((e: unknown) => e);
    expect(isOidcError(error, "logged_out")).toBe(true);
    expect(vault.revoked()).toEqual(["hvs.token1"]);
    expect(client.getSnapshot().status).toBe("idle");
  });

  it("refuses to log in again with the upstream token of the session it revoked, but accepts a new one", async () => {
    const { oidc, vault, client } = setup();
    await client.getVaultToken();
    await client.revokeAll();
    const error = await client.getVaultToken().catch((e: unknown) => e);
    expect(isOidcError(error, "logged_out")).toBe(true);
    expect(vault.logins()).toHaveLength(1);
    oidc.setToken("vault", "upstream-next-session");
    expect((await client.getVaultToken()).accessToken).toBe("hvs.token2");
  });
});

describe("createVaultClient", () => {
  it("makes a new client with its own token cache on every call (no hidden registry)", async () => {
    const { oidc, client, vault } = setup();
    const twin = createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch });
    expect(twin).not.toBe(client);
    // Another fetch is no longer refused: the new client simply talks through it.
    const other = createStubVault();
    const third = createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: other.fetch });
    await client.getVaultToken();
    await third.getVaultToken();
    expect(vault.logins()).toHaveLength(1);
    expect(other.logins()).toHaveLength(1);
    expect(twin.getSnapshot().status).toBe("idle");
    expect(third).toMatchObject({ oidc, api: "vault", vaultUrl: VAULT_URL, mount: "jwt", role: "web-app" });
  });

  it("revokes each client's tokens at logout", async () => {
    const { oidc, client, vault } = setup();
    const twin = createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch });
    const first = await client.getVaultToken();
    const second = await twin.getVaultToken();
    void oidc.logout();
    await oidc.whenSettled();
    await vi.waitFor(() => expect(new Set(vault.revoked())).toEqual(new Set([first.accessToken, second.accessToken])));
  });

  it.each([
    ["a relative vaultUrl", { vaultUrl: "/vault", role: "r" }],
    ["a vaultUrl with a query", { vaultUrl: "https://v.test/?x=1", role: "r" }],
    ["a non-http vaultUrl", { vaultUrl: "ftp://v.test", role: "r" }],
    ["an empty role", { vaultUrl: "https://v.test", role: " " }],
    ["an empty mount", { vaultUrl: "https://v.test", role: "r", mount: "/" }],
    ["an unknown api", { vaultUrl: "https://v.test", role: "r", api: "nope" }],
    ["no api", { vaultUrl: "https://v.test", role: "r", api: undefined }],
    ["a negative renewBeforeExpirySeconds", { vaultUrl: "https://v.test", role: "r", renewBeforeExpirySeconds: -1 }],
    ["timers without clearTimeout", { vaultUrl: "https://v.test", role: "r", timers: { setTimeout: () => 0 } }],
    ["a random that is not a function", { vaultUrl: "https://v.test", role: "r", random: 0.5 }],
  ])("throws vault_config_invalid for %s", (_name, options) => {
    const oidc = createMockOidc({ clients: { app: {}, vault: {} } });
    expect(() => createVaultClient<string>({ api: "vault", oidc, ...(options as { vaultUrl: string; role: string }) })).toThrow(expect.objectContaining({ code: "vault_config_invalid" }));
  });
});
