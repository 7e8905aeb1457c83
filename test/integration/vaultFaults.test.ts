import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createVaultClient } from "../../src/vault/vaultClient";
import { createManualClock } from "../support/manualClock";
import { oidcWithVaultToken, signIn, useVaultStack } from "./vaultSupport";

// The Vault client against the dev Vault playing faults (real HTTP, real IdP tokens, no mocked fetch). Delays run on a
// manual clock: the test moves time, the requests are real.
const { idp, vault } = useVaultStack();
let elsewhere: { url: string; seen: { url: string; headers: IncomingHttpHeaders }[]; server: Server };

beforeAll(async () => {
  // Another origin that would gladly take a Vault token and answer with a secret of its own.
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers });
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ auth: { client_token: "hvs.elsewhere", lease_duration: 3600 }, data: { data: { api_key: "from-elsewhere" }, metadata: { version: 1 } } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  elsewhere = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
});

afterEach(() => vault().setFailure(undefined));

afterAll(async () => {
  await new Promise<void>((resolve) => elsewhere?.server.close(() => resolve()));
});

async function clientFor(user: string) {
  const { accessToken } = await signIn(idp().issuer, user);
  const clock = createManualClock(Date.now());
  const client = createVaultClient({
    api: "vault",
    oidc: oidcWithVaultToken(user, accessToken),
    vaultUrl: vault().url,
    role: "web-app",
    now: clock.now,
    timers: clock.timers,
    random: () => 0.5,
  });
  return { client, clock };
}

const logSince = (mark: number) => vault().log.slice(mark);
const loginsSince = (mark: number) => logSince(mark).filter((e) => e.path === "/v1/auth/jwt/login");

describe("redirects: the Vault token never follows one", () => {
  it("refuses a 307 to another origin on a KV read with vault_redirect_refused; the other origin sees nothing", async () => {
    const { client } = await clientFor("alice");
    await client.getVaultToken();
    vault().setFailure({ status: 307, location: elsewhere.url, pathPrefix: "secret/" });
    const mark = vault().log.length;
    await expect(client.readSecret("secret", "users/alice/api")).rejects.toMatchObject({ code: "vault_redirect_refused", status: 307 });
    expect(logSince(mark).map((e) => e.status)).toEqual([307]);
    expect(elsewhere.seen).toEqual([]);
    vault().setFailure(undefined);
    expect((await client.readSecret("secret", "users/alice/api")).data).toEqual({ api_key: "key-of-alice" });
  });

  it("refuses a 302 on the login, so the JWT does not follow either, and answers nothing from elsewhere as a token", async () => {
    const { client } = await clientFor("bob");
    vault().setFailure({ status: 302, location: elsewhere.url, pathPrefix: "auth/jwt/login" });
    await expect(client.getVaultToken()).rejects.toMatchObject({ code: "vault_redirect_refused", status: 302 });
    expect(client.getSnapshot()).toMatchObject({ status: "error", login: undefined });
    expect(elsewhere.seen).toEqual([]);
  });
});

describe("KV paths cannot escape their mount", () => {
  it("refuses traversal with vault_path_invalid before anything reaches the server", async () => {
    const { client } = await clientFor("carol");
    await client.getVaultToken();
    const mark = vault().log.length;
    await expect(client.readSecret("secret", "users/alice/../../../../sys/policies/acl/admin")).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.writeSecret("secret", "../../auth/token/create", { policies: "root" })).rejects.toMatchObject({ code: "vault_path_invalid" });
    await expect(client.listSecrets("secret/..", "")).rejects.toMatchObject({ code: "vault_path_invalid" });
    expect(logSince(mark)).toEqual([]);
  });

  it("keeps an encoded look-alike inside the user's own folder", async () => {
    const { client } = await clientFor("dave");
    await client.getVaultToken();
    const mark = vault().log.length;
    const written = await client.writeSecret("secret", "users/dave/%2e%2e/x?y#z", { api_key: "odd" });
    expect(written.version).toBe(1);
    expect((await client.readSecret("secret", "users/dave/%2e%2e/x?y#z")).data).toEqual({ api_key: "odd" });
    expect(logSince(mark).map((e) => e.path)).toEqual([
      "/v1/secret/data/users/dave/%252e%252e/x%3Fy%23z",
      "/v1/secret/data/users/dave/%252e%252e/x%3Fy%23z",
    ]);
  });
});

describe("transient failures", () => {
  it("recovers by itself from a sealed Vault (503) at login: retries after 1, 2, 4 s while subscribed", async () => {
    const { client, clock } = await clientFor("erin");
    vault().setFailure({ status: 503, pathPrefix: "auth/jwt/login", times: 3 });
    client.subscribe(() => {});
    const mark = vault().log.length;
    await expect(client.getVaultToken()).rejects.toMatchObject({ code: "vault_unreachable", status: 503, errors: ["Vault is sealed"] });
    expect(client.getSnapshot().status).toBe("error");
    for (const [wait, attempts] of [[1_000, 2], [2_000, 3], [4_000, 4]] as const) {
      // The retry is armed once the failed answer is processed: then time moves.
      await vi.waitFor(() => expect(clock.scheduled()).toEqual([wait]));
      await clock.advance(wait - 1);
      expect(loginsSince(mark)).toHaveLength(attempts - 1);
      await clock.advance(1);
      await vi.waitFor(() => expect(loginsSince(mark)).toHaveLength(attempts));
    }
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe("ready"));
    expect(loginsSince(mark).map((e) => e.status)).toEqual([503, 503, 503, 200]);
    expect((await client.readSecret("secret", "users/erin/api")).data).toEqual({ api_key: "key-of-erin" });
  });

  it("honours Vault's Retry-After on a 429", async () => {
    const { client, clock } = await clientFor("frank");
    vault().setFailure({ status: 429, pathPrefix: "auth/jwt/login", times: 1, errors: ["rate limit quota exceeded"], retryAfterSeconds: 10 });
    client.subscribe(() => {});
    const mark = vault().log.length;
    await expect(client.getVaultToken()).rejects.toMatchObject({ code: "vault_unreachable", status: 429, retryAfterMs: 10_000 });
    await vi.waitFor(() => expect(clock.scheduled()).toEqual([10_000]));
    await clock.advance(9_999);
    expect(loginsSince(mark)).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(client.getSnapshot().status).toBe("ready"));
  });

  it("does not retry a 4xx at login", async () => {
    const { client, clock } = await clientFor("gina");
    vault().setFailure({ status: 400, pathPrefix: "auth/jwt/login", errors: ["missing role"] });
    client.subscribe(() => {});
    const mark = vault().log.length;
    await expect(client.getVaultToken()).rejects.toMatchObject({ code: "vault_login_failed", status: 400 });
    await clock.advance(600_000);
    await clock.flush();
    expect(loginsSince(mark)).toHaveLength(1);
  });
});

describe("renewal and revocation on the client's own timers", () => {
  it("renews a token in use 30 s before its lease ends, and recovers when Vault revoked the token (after the floor)", async () => {
    const { client, clock } = await clientFor("hana");
    client.subscribe(() => {});
    const mark = vault().log.length;
    const first = await client.getVaultToken();
    await clock.advance(3_570_000 - 1);
    expect(loginsSince(mark)).toHaveLength(1);
    await clock.advance(1);
    await vi.waitFor(() => expect(client.getSnapshot().login?.accessToken).not.toBe(first.accessToken));
    const second = await client.getVaultToken();

    // Revoked server side (an admin, another tab) within 5 s of its login: Vault's 403 is final, no new login.
    await fetch(`${vault().url}/v1/auth/token/revoke-self`, { method: "POST", headers: { "X-Vault-Token": second.accessToken } });
    await expect(client.readSecret("secret", "users/hana/api")).rejects.toMatchObject({ code: "vault_permission_denied" });
    expect(loginsSince(mark)).toHaveLength(2);
    // Past the floor, the 403 earns one fresh login and the retry succeeds.
    await clock.advance(5_000);
    expect((await client.readSecret("secret", "users/hana/api")).data).toEqual({ api_key: "key-of-hana" });
    expect(loginsSince(mark)).toHaveLength(3);
  });
});
