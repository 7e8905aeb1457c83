import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevVault, type DevVault } from "../../dev-server/vaultServer";

// The dev Vault on its own, against a tiny JWKS server whose keys the test holds, so every claim can be shaped.
let jwks: Server;
let jwksUrl: string;
let key: CryptoKey;
let foreignKey: CryptoKey;
let vault: DevVault;
const ISSUER = "https://idp.test";
const APP = "http://127.0.0.1:5173";

async function sign(claims: JWTPayload, options: { signWith?: CryptoKey; expiresIn?: string | number } = {}): Promise<string> {
  const jwt = new SignJWT({ sub: "alice", aud: "vault", iss: ISSUER, ...claims })
    .setProtectedHeader({ alg: "ES256", kid: "k1", typ: "at+jwt" })
    .setIssuedAt();
  if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn);
  else if (claims.exp === undefined) jwt.setExpirationTime("5m");
  return jwt.sign(options.signWith ?? key);
}

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${vault.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

function login(jwt: string, role?: string) {
  return call("/v1/auth/jwt/login", { method: "POST", body: JSON.stringify(role === undefined ? { jwt } : { role, jwt }) });
}

async function tokenFor(sub: string): Promise<string> {
  const { body } = await login(await sign({ sub }), "web-app");
  return body.auth.client_token as string;
}

beforeAll(async () => {
  const pair = await generateKeyPair("ES256");
  key = pair.privateKey;
  foreignKey = (await generateKeyPair("ES256")).privateKey;
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  jwks = createServer((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] })));
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`;
  vault = await startDevVault({
    jwt: {
      jwksUrl,
      boundIssuer: ISSUER,
      defaultRole: "web-app",
      roles: {
        "web-app": { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_ttl: 3600, token_policies: ["user-secrets"] },
        "no-aud": { role_type: "jwt", user_claim: "sub", token_policies: ["user-secrets"] },
        staff: {
          role_type: "jwt",
          bound_audiences: ["vault"],
          user_claim: "sub",
          bound_claims: { groups: ["staff", "admin"] },
          token_policies: ["user-secrets"],
        },
        email: { role_type: "jwt", bound_audiences: ["vault"], user_claim: "email", token_policies: ["user-secrets"] },
      },
    },
    corsOrigins: [APP],
    seed: (user) => ({ [`users/${user}/api`]: { api_key: `key-of-${user}` } }),
  });
});

afterAll(async () => {
  await vault?.close();
  await new Promise((resolve) => jwks?.close(resolve));
});

describe("JWT login", () => {
  it("answers Vault's login shape with the role's policies and TTL; role names are case-insensitive", async () => {
    const { status, body } = await login(await sign({}), "Web-App");
    expect(status).toBe(200);
    expect(body).toMatchObject({ lease_id: "", renewable: false, lease_duration: 0, data: null, warnings: null });
    expect(body.auth).toMatchObject({
      policies: ["default", "user-secrets"],
      token_policies: ["default", "user-secrets"],
      identity_policies: [],
      metadata: { role: "web-app" },
      lease_duration: 3600,
      renewable: true,
      token_type: "service",
      orphan: true,
      num_uses: 0,
    });
    expect(body.auth.client_token).toMatch(/^hvs\.[A-Za-z0-9]{20,}$/);
    expect(typeof body.auth.accessor).toBe("string");
    expect(typeof body.request_id).toBe("string");
  });

  it("uses the default role when the login names none", async () => {
    const { status, body } = await login(await sign({}));
    expect(status).toBe(200);
    expect(body.auth.metadata.role).toBe("web-app");
  });

  it("refuses an unknown role and a login without role or default role", async () => {
    expect(await login(await sign({}), "Nope")).toMatchObject({ status: 400, body: { errors: ['role "nope" could not be found'] } });
    const bare = await startDevVault({ jwt: { jwksUrl, roles: {} }, corsOrigins: [] });
    try {
      const response = await fetch(`${bare.url}/v1/auth/jwt/login`, { method: "POST", body: JSON.stringify({ jwt: "x" }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ errors: ["missing role"] });
    } finally {
      await bare.close();
    }
  });

  it("checks the signature against the JWKS", async () => {
    const { status, body } = await login(await sign({}, { signWith: foreignKey }), "web-app");
    expect(status).toBe(400);
    expect(body.errors[0]).toMatch(/^error validating token: error verifying token signature: /);
    expect((await login("not.a.jwt", "web-app")).status).toBe(400);
  });

  it("checks iss against bound_issuer", async () => {
    const { status, body } = await login(await sign({ iss: "https://evil.test" }), "web-app");
    expect(status).toBe(400);
    expect(body.errors).toEqual(["error validating token: invalid issuer (iss) claim"]);
  });

  it("checks aud against bound_audiences, and refuses an aud when the role binds none", async () => {
    const unbound = await login(await sign({ aud: "account" }), "web-app");
    expect(unbound).toMatchObject({ status: 400 });
    expect(unbound.body.errors).toEqual([
      "error validating token: invalid audience (aud) claim: audience claim does not match any expected audience",
    ]);
    const listed = await login(await sign({ aud: ["account", "vault"] }), "web-app");
    expect(listed.status).toBe(200);
    const noneBound = await login(await sign({}), "no-aud");
    expect(noneBound).toMatchObject({ status: 400, body: { errors: ["audience claim found in JWT but no audiences bound to the role"] } });
    const noAud = await login(await sign({ aud: undefined }), "no-aud");
    expect(noAud.status).toBe(200);
  });

  it("checks exp with a 150 s leeway", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await login(await sign({ exp: now - 200 }), "web-app");
    expect(expired).toMatchObject({ status: 400, body: { errors: ["error validating token: invalid expiration time (exp) claim: token is expired"] } });
    const withinLeeway = await login(await sign({ exp: now - 100 }), "web-app");
    expect(withinLeeway.status).toBe(200);
  });

  it("checks bound_claims and the user_claim", async () => {
    const outsider = await login(await sign({ groups: ["guests"] }), "staff");
    expect(outsider).toMatchObject({
      status: 400,
      body: { errors: ['error validating claims: claim "groups" does not match any associated bound claim values'] },
    });
    expect((await login(await sign({ groups: ["guests", "admin"] }), "staff")).status).toBe(200);
    expect(await login(await sign({}), "email")).toMatchObject({ status: 400, body: { errors: ['claim "email" not found in token'] } });
  });
});

describe("token self-service", () => {
  it("looks up, renews and revokes its own token; a revoked token gets 403 permission denied", async () => {
    const token = await tokenFor("alice");
    const headers = { "X-Vault-Token": token };
    const lookup = await call("/v1/auth/token/lookup-self", { headers });
    expect(lookup.status).toBe(200);
    expect(lookup.body.data).toMatchObject({ id: token, path: "auth/jwt/login", policies: ["default", "user-secrets"], renewable: true, type: "service" });
    expect(lookup.body.data.ttl).toBeGreaterThan(3500);
    for (const field of ["accessor", "creation_time", "creation_ttl", "display_name", "entity_id", "expire_time", "explicit_max_ttl", "issue_time", "meta", "num_uses", "orphan"]) {
      expect(lookup.body.data).toHaveProperty(field);
    }
    const renew = await call("/v1/auth/token/renew-self", { method: "POST", headers, body: JSON.stringify({ increment: "1h" }) });
    expect(renew.status).toBe(200);
    expect(renew.body.auth).toMatchObject({ client_token: token, lease_duration: 3600, renewable: true });
    const revoke = await call("/v1/auth/token/revoke-self", { method: "POST", headers });
    expect(revoke.status).toBe(204);
    expect(await call("/v1/auth/token/lookup-self", { headers })).toMatchObject({ status: 403, body: { errors: ["permission denied"] } });
  });

  it("refuses a missing or unknown token and expires a token at the end of its TTL", async () => {
    expect(await call("/v1/auth/token/lookup-self")).toMatchObject({ status: 403, body: { errors: ["permission denied"] } });
    expect((await call("/v1/auth/token/lookup-self", { headers: { "X-Vault-Token": "hvs.nope" } })).status).toBe(403);
    vault.setRole("short", { role_type: "jwt", bound_audiences: ["vault"], user_claim: "sub", token_ttl: 1, token_policies: ["user-secrets"] });
    const { body } = await login(await sign({}), "SHORT");
    expect(body.auth.lease_duration).toBe(1);
    const headers = { "X-Vault-Token": body.auth.client_token as string };
    expect((await call("/v1/auth/token/lookup-self", { headers })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call("/v1/auth/token/lookup-self", { headers })).status).toBe(403);
  });
});

describe("KV v2 with the templated user-secrets policy", () => {
  it("reads the caller's seeded secret with Vault's shape, by X-Vault-Token or Authorization: Bearer", async () => {
    const token = await tokenFor("carol");
    const byHeader = await call("/v1/secret/data/users/carol/api", { headers: { "X-Vault-Token": token } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.data.data).toEqual({ api_key: "key-of-carol" });
    expect(byHeader.body.data.metadata).toMatchObject({ custom_metadata: null, deletion_time: "", destroyed: false, version: 1 });
    expect(byHeader.body.data.metadata.created_time).toMatch(/^\d{4}-\d\d-\d\dT/);
    const byBearer = await call("/v1/secret/data/users/carol/api", { headers: { Authorization: `Bearer ${token}` } });
    expect(byBearer.status).toBe(200);
  });

  it("writes new versions, reads ?version=N, lists with ?list=true, answers 404 {errors:[]} for absent paths", async () => {
    const token = await tokenFor("dave");
    const headers = { "X-Vault-Token": token, "Content-Type": "application/json" };
    const write = await call("/v1/secret/data/users/dave/api", { method: "POST", headers, body: JSON.stringify({ data: { api_key: "v2" } }) });
    expect(write).toMatchObject({ status: 200, body: { data: { version: 2, destroyed: false } } });
    expect((await call("/v1/secret/data/users/dave/api", { headers })).body.data).toMatchObject({ data: { api_key: "v2" }, metadata: { version: 2 } });
    expect((await call("/v1/secret/data/users/dave/api?version=1", { headers })).body.data.data).toEqual({ api_key: "key-of-dave" });
    expect(await call("/v1/secret/data/users/dave/api?version=9", { headers })).toMatchObject({ status: 404, body: { errors: [] } });
    await call("/v1/secret/data/users/dave/db/main", { method: "POST", headers, body: JSON.stringify({ data: { password: "p" } }) });
    expect(await call("/v1/secret/metadata/users/dave/?list=true", { headers })).toMatchObject({ status: 200, body: { data: { keys: ["api", "db/"] } } });
    expect(await call("/v1/secret/data/users/dave/absent", { headers })).toMatchObject({ status: 404, body: { errors: [] } });
    const cas = await call("/v1/secret/data/users/dave/api", { method: "POST", headers, body: JSON.stringify({ data: { a: "b" }, options: { cas: 1 } }) });
    expect(cas).toMatchObject({ status: 400, body: { errors: ["check-and-set parameter did not match the current version"] } });
  });

  it("refuses another user's subtree, other paths, and anonymous calls with 403 permission denied", async () => {
    await tokenFor("erin");
    const token = await tokenFor("frank");
    const headers = { "X-Vault-Token": token };
    const denied = { status: 403, body: { errors: ["permission denied"] } };
    expect(await call("/v1/secret/data/users/erin/api", { headers })).toMatchObject(denied);
    expect(await call("/v1/secret/metadata/users/erin/?list=true", { headers })).toMatchObject(denied);
    expect(await call("/v1/secret/data/users/erin/api", { method: "POST", headers, body: JSON.stringify({ data: { x: "y" } }) })).toMatchObject(denied);
    expect(await call("/v1/secret/data/users/frankie/api", { headers })).toMatchObject(denied);
    expect(await call("/v1/secret/data/shared/config", { headers })).toMatchObject(denied);
    expect(await call("/v1/sys/policies/acl", { headers })).toMatchObject(denied);
    expect(await call("/v1/secret/data/users/frank/api")).toMatchObject(denied);
  });
});

describe("CORS", () => {
  it("answers an allowed origin's preflight with Vault's headers and refuses other origins with 403", async () => {
    const preflight = await fetch(`${vault.url}/v1/secret/data/users/alice/api`, {
      method: "OPTIONS",
      headers: { Origin: APP, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-vault-token" },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(APP);
    const allowed = (preflight.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",");
    expect(allowed).toEqual(expect.arrayContaining(["x-vault-token", "authorization", "content-type"]));
    const evil = await fetch(`${vault.url}/v1/auth/jwt/login`, {
      method: "OPTIONS",
      headers: { Origin: "http://evil.test", "Access-Control-Request-Method": "POST" },
    });
    expect(evil.status).toBe(403);
    const actual = await fetch(`${vault.url}/v1/auth/jwt/login`, { method: "POST", headers: { Origin: APP }, body: JSON.stringify({ jwt: await sign({}) }) });
    expect(actual.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("logs every request", () => {
    expect(vault.log.some((entry) => entry.path === "/v1/auth/jwt/login" && entry.status === 200)).toBe(true);
    expect(vault.log.every((entry) => typeof entry.at === "number" && entry.method.length > 0)).toBe(true);
  });
});
