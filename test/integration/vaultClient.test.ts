import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { startDevIdp } from "../../dev-server/devIdp";
import { startDevVault } from "../../dev-server/vaultServer";
import { isOidcError } from "../../src/core/errors";
import { createVaultClient } from "../../src/vault/vaultClient";
import { VaultError } from "../../src/vault/vaultError";
import { createManualClock } from "../support/manualClock";
import { oidcWithVaultToken, refresh, REDIRECT_URI, signIn, useVaultStack } from "./vaultSupport";

// The kit's Vault client against the dev Vault, with access tokens from the real dev IdP (no mocked fetch).
const { idp, vault } = useVaultStack({ roles: { "no-aud": { role_type: "jwt", user_claim: "sub", token_policies: ["user-secrets"] } } });

function loginsSince(mark: number): number {
  return vault().log.slice(mark).filter((entry) => entry.path === "/v1/auth/jwt/login").length;
}

async function lookupSelf(token: string): Promise<number> {
  return (await fetch(`${vault().url}/v1/auth/token/lookup-self`, { headers: { "X-Vault-Token": token } })).status;
}

async function failure(promise: Promise<unknown>): Promise<VaultError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

describe("Vault client with a real IdP and the dev Vault", () => {
  it("exchanges the IdP's access token (aud vault) for a Vault token and reads the user's own secret", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice");
    expect(decodeJwt(accessToken).aud).toBe("vault");
    const oidc = oidcWithVaultToken("alice", accessToken);
    const client = createVaultClient({ api: "vault", oidc, vaultUrl: vault().url, role: "web-app" });
    const mark = vault().log.length;
    const logins = await Promise.all(Array.from({ length: 20 }, () => client.getVaultToken()));
    expect(loginsSince(mark)).toBe(1);
    expect(new Set(logins.map((l) => l.accessToken)).size).toBe(1);
    expect(logins[0]?.policies).toEqual(["default", "user-secrets"]);
    const secret = await client.readSecret("secret", "users/alice/api");
    expect(secret.data).toEqual({ api_key: "key-of-alice" });
    expect(secret.metadata.version).toBe(1);
    const written = await client.writeSecret("secret", "users/alice/api", { api_key: "rotated" });
    expect(written.version).toBe(2);
    expect((await client.readSecret("secret", "users/alice/api", { version: 1 })).data).toEqual({ api_key: "key-of-alice" });
    expect(await client.listSecrets("secret", "users/alice/")).toEqual(["api"]);
    expect(loginsSince(mark)).toBe(1);
  });

  it("refuses another user's secret with vault_permission_denied: at once for a fresh token, after one fresh login and one retry for an older one", async () => {
    await signIn(idp().issuer, "bob").then(async ({ accessToken }) => {
      await createVaultClient({ api: "vault", oidc: oidcWithVaultToken("bob", accessToken), vaultUrl: vault().url, role: "web-app" }).getVaultToken();
    });
    const { accessToken } = await signIn(idp().issuer, "carol");
    const clock = createManualClock(Date.now());
    const client = createVaultClient({ api: "vault", oidc: oidcWithVaultToken("carol", accessToken), vaultUrl: vault().url, role: "web-app", timers: clock.timers });
    await client.getVaultToken();
    const bobsReads = (mark: number) => vault().log.slice(mark).filter((e) => e.path === "/v1/secret/data/users/bob/api").map((e) => e.status);
    // A token minted less than 5 s ago is refused for its policy: no new login.
    let mark = vault().log.length;
    expect(await failure(client.readSecret("secret", "users/bob/api"))).toMatchObject({ code: "vault_permission_denied", status: 403 });
    expect([loginsSince(mark), bobsReads(mark)]).toEqual([0, [403]]);
    await clock.advance(5_000);
    mark = vault().log.length;
    const error = await failure(client.readSecret("secret", "users/bob/api"));
    expect(error).toMatchObject({ code: "vault_permission_denied", status: 403, errors: ["permission denied"] });
    expect(loginsSince(mark)).toBe(1);
    expect(bobsReads(mark)).toEqual([403, 403]);
    expect((await failure(client.readSecret("secret", "users/carol/absent"))).code).toBe("vault_not_found");
  });

  it("surfaces Vault's audience messages for a token of another API (aud todos-api)", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice", "myapp-todos", "openid todos");
    expect(decodeJwt(accessToken).aud).toBe("todos-api");
    const oidc = oidcWithVaultToken("alice", accessToken);
    const bound = await failure(createVaultClient({ api: "vault", oidc, vaultUrl: vault().url, role: "web-app" }).getVaultToken());
    expect(bound).toMatchObject({ code: "vault_login_failed", status: 400 });
    expect(bound.errors).toEqual(["error validating token: invalid audience (aud) claim: audience claim does not match any expected audience"]);
    const unbound = await failure(createVaultClient({ api: "vault", oidc, vaultUrl: vault().url, role: "no-aud" }).getVaultToken());
    expect(unbound.errors).toEqual(["audience claim found in JWT but no audiences bound to the role"]);
  });

  it("fails with vault_login_failed for an unknown role", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice");
    const client = createVaultClient({ api: "vault", oidc: oidcWithVaultToken("alice", accessToken), vaultUrl: vault().url, role: "Admin" });
    const error = await failure(client.getVaultToken());
    expect(error).toMatchObject({ code: "vault_login_failed", status: 400, errors: ['role "admin" could not be found'] });
  });

  it("logs in again when the lease runs out, and recovers when Vault already expired the token", async () => {
    vault().setRole("short", { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_ttl: 2, token_policies: ["user-secrets"] });
    const { accessToken } = await signIn(idp().issuer, "dave");
    // Real server expiry (2 s, waited for); the client's floor between two logins (5 s) on a manual clock.
    const clock = createManualClock(Date.now());
    const client = createVaultClient({ api: "vault", oidc: oidcWithVaultToken("dave", accessToken), vaultUrl: vault().url, role: "short", timers: clock.timers });
    const first = await client.getVaultToken();
    expect(first.expiresAt - Date.now()).toBeLessThanOrEqual(2000);
    expect((await client.getVaultToken()).accessToken).toBe(first.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await lookupSelf(first.accessToken)).toBe(403);
    // Expired: the next call waits out the floor (5 s after the first login) and logs in again.
    const next = client.getVaultToken();
    await clock.advance(5_000);
    const second = await next;
    expect(second.accessToken).not.toBe(first.accessToken);

    // A frozen clock keeps a token the server has expired: past the floor, the 403 triggers one fresh login and the
    // retry succeeds.
    const frozen = Date.now();
    const staleClock = createManualClock(frozen);
    const stale = createVaultClient({ api: "vault", oidc: oidcWithVaultToken("dave", accessToken), vaultUrl: vault().url, role: "short", now: () => frozen, timers: staleClock.timers });
    const staleToken = await stale.getVaultToken();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await lookupSelf(staleToken.accessToken)).toBe(403);
    await staleClock.advance(5_000);
    expect((await stale.readSecret("secret", "users/dave/api")).data).toEqual({ api_key: "key-of-dave" });
    expect((await stale.getVaultToken()).accessToken).not.toBe(staleToken.accessToken);
  });

  it("logs in with the new upstream token after a real refresh, and revokes every Vault token at logout", async () => {
    const tokens = await signIn(idp().issuer, "erin");
    const oidc = oidcWithVaultToken("erin", tokens.accessToken);
    const client = createVaultClient({ api: "vault", oidc, vaultUrl: vault().url, role: "web-app" });
    const first = await client.getVaultToken();
    const renewed = await refresh(idp().issuer, tokens);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(decodeJwt(renewed.accessToken).aud).toBe("vault");
    const mark = vault().log.length;
    oidc.setToken("vault", renewed.accessToken);
    const second = await client.getVaultToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(loginsSince(mark)).toBe(1);
    expect(await lookupSelf(first.accessToken)).toBe(200);

    void oidc.logout();
    await oidc.whenSettled();
    expect(await lookupSelf(first.accessToken)).toBe(403);
    expect(await lookupSelf(second.accessToken)).toBe(403);
    expect(vault().log.filter((e) => e.path === "/v1/auth/token/revoke-self" && e.status === 204).length).toBeGreaterThanOrEqual(2);
    expect(client.getSnapshot().status).toBe("idle");
    expect(isOidcError(await client.getVaultToken().catch((e: unknown) => e), "login_required")).toBe(true);
  });
});

describe("an expired IdP token", () => {
  it("is refused by Vault's exp check and surfaced as vault_login_failed", async () => {
    const shortIdp = await startDevIdp({ redirectUris: [REDIRECT_URI], accessTokenTtlSeconds: 1 });
    const strictVault = await startDevVault({
      jwt: { oidcDiscoveryUrl: shortIdp.issuer, defaultRole: "web-app", roles: { "web-app": { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_policies: ["user-secrets"] } } },
      corsOrigins: [],
      leewaySeconds: 0,
    });
    try {
      const { accessToken } = await signIn(shortIdp.issuer, "alice");
      const exp = decodeJwt(accessToken).exp ?? 0;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 1100));
      const client = createVaultClient({ api: "vault", oidc: oidcWithVaultToken("alice", accessToken), vaultUrl: strictVault.url, role: "web-app" });
      const error = await failure(client.getVaultToken());
      expect(error).toMatchObject({ code: "vault_login_failed", status: 400 });
      expect(error.errors).toEqual(["error validating token: invalid expiration time (exp) claim: token is expired"]);
    } finally {
      await strictVault.close();
      await shortIdp.close();
    }
  });
});
