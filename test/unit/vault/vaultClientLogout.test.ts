// The Vault client at logout, and one client per createVaultClient call.
import { describe, expect, it, vi } from "vitest";
import { isOidcError } from "../../../src/core/errors";
import { createMockOidc } from "../../../src/testing";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { createStubVault, VAULT_URL } from "./stubVault";
import { setup } from "./vaultClientSetup";

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

describe("where a client keeps its Vault tokens by default", () => {
  // happy-dom gives the page a sessionStorage; the default decides whether it is used.
  const storedKeys = () => Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i) ?? "").filter((k) => k.startsWith("roa-vault:"));

  it("keeps them in memory only while the instance keeps its own tokens in memory", async () => {
    sessionStorage.clear();
    const oidc = createMockOidc({ clients: { app: {}, vault: { clientId: "myapp-vault" } }, tokens: { vault: "upstream-1" } });
    const vault = createStubVault();
    await createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch }).getVaultToken();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(storedKeys()).toEqual([]);
  });

  it("seals them in sessionStorage when the app asked for tokenStorage: sessionStorage", async () => {
    sessionStorage.clear();
    const mock = createMockOidc({ clients: { app: {}, vault: { clientId: "myapp-vault" } }, tokens: { vault: "upstream-1" } });
    const oidc = { ...mock, config: { ...mock.config, tokenStorage: "sessionStorage" as const } };
    const vault = createStubVault();
    const { accessToken } = await createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch }).getVaultToken();
    await vi.waitFor(() => expect(storedKeys()).toHaveLength(1));
    expect(sessionStorage.getItem(storedKeys()[0]!)).not.toContain(accessToken);
  });
});
