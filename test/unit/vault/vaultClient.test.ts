import { describe, expect, it } from "vitest";
import { isOidcError } from "../../../src/core/errors";
import { isVaultError } from "../../../src/vault/vaultError";
import { createStubVault, json, VAULT_URL } from "./stubVault";
import { setup } from "./vaultClientSetup";

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
