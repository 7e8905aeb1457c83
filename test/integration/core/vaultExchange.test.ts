import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../../dev-server/devIdp";
import { startDevVault, type DevVault } from "../../../dev-server/vaultServer";
import type { OidcConfig } from "../../../src/core/types";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { createManualClock } from "../../support/manualClock";
import { TestTab } from "../../support/testBrowser";

// The whole chain with the real core: createOidc → dedicated-client token → Vault JWT login → KV read → logout.
const appUrl = "http://127.0.0.1:5997/";
let idp: DevIdp;
let vault: DevVault;

type Api = "app" | "vault";
const config = (): OidcConfig<Api> => ({
  issuer: idp.issuer,
  clients: {
    app: { clientId: DEV_CATALOGUE.loginClientId, scope: DEV_CATALOGUE.loginScope },
    vault: { clientId: DEV_CATALOGUE.dedicated.vault.clientId, expectedAudience: "vault" },
  },
});

const lookupSelf = async (token: string) =>
  (await fetch(`${vault.url}/v1/auth/token/lookup-self`, { headers: { "X-Vault-Token": token } })).status;
const logins = () => vault.log.filter((entry) => entry.method === "POST" && entry.path === "/v1/auth/jwt/login").length;

beforeAll(async () => {
  idp = await startDevIdp({ redirectUris: [appUrl] });
  vault = await startDevVault({
    jwt: {
      oidcDiscoveryUrl: idp.issuer,
      roles: { "web-app": { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_policies: ["user-secrets"] } },
    },
    corsOrigins: [new URL(appUrl).origin],
    seed: (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } }),
  });
});
afterAll(async () => {
  await Promise.all([vault?.close(), idp?.close()]);
});

describe("Vault exchange on the real core", () => {
  it("reads the user's own secret, logs in again only when the upstream token changes, and revokes on logout", async () => {
    const tab = new TestTab({ appUrl, iframes: true });
    const { oidc: first } = await tab.loadUntilSettled(config());
    const { oidc } = await tab.logIn(first, config(), "dana");
    // The 5-s floor between two logins runs on a manual clock, so the test moves past it without sleeping.
    const clock = createManualClock(Date.now());
    const client = createVaultClient({ api: "vault", oidc, vaultUrl: vault.url, role: "web-app", timers: clock.timers });

    const secrets = await Promise.all(Array.from({ length: 20 }, () => client.readSecret("secret", "users/dana/api")));
    expect(secrets.every((s) => s.data.api_key === "key-of-dana")).toBe(true);
    expect(logins()).toBe(1);
    // A 403 on a token minted less than 5 s ago is final; on an older one it earns one fresh login and one retry.
    await expect(client.readSecret("secret", "users/erin/api")).rejects.toMatchObject({ code: "vault_permission_denied", status: 403 });
    expect(logins()).toBe(1);
    await clock.advance(5_000);
    await expect(client.readSecret("secret", "users/erin/api")).rejects.toMatchObject({ code: "vault_permission_denied", status: 403 });
    expect(logins()).toBe(2);

    const { accessToken: before } = await client.getVaultToken();
    expect(logins()).toBe(2);
    await oidc.getApiToken("vault", { forceRefresh: true });
    const { accessToken: after } = await client.getVaultToken();
    expect(after).not.toBe(before);
    expect(logins()).toBe(3);

    const navigation = tab.nextNavigation();
    void oidc.logout();
    await navigation;
    expect(await lookupSelf(after)).toBe(403);
  });
});
