import { compactVerify, createRemoteJWKSet, errors as joseErrors, type JWTPayload } from "jose";

/** A role of Vault's JWT auth method (the fields the kit relies on). */
export interface VaultRoleConfig {
  /** Only `"jwt"` roles accept a JWT at `login`. */
  role_type: "jwt";
  /** The JWT's `aud` must contain one of these; when empty, a JWT that has an `aud` is refused. */
  bound_audiences?: string[];
  /** Claim whose value becomes the entity alias name (e.g. `"sub"`). */
  user_claim: string;
  /** Claims that must equal one of the given values. */
  bound_claims?: Record<string, string | string[]>;
  /** Token TTL in seconds. Default: the system default (768 h). */
  token_ttl?: number;
  /** Longest lifetime of a token, renewals included, in seconds. Default: the system max (768 h). */
  token_max_ttl?: number;
  /** Policies given to the token (Vault adds `default`). */
  token_policies: string[];
}

/** The JWT auth mount's configuration. */
export interface JwtMountConfig {
  /** Mount path under `auth/`. Default: `"jwt"`. */
  mount?: string;
  /** Issuer URL whose discovery document names the JWKS (`oidc_discovery_url`). */
  oidcDiscoveryUrl?: string;
  /** JWKS URL (`jwks_url`); used when `oidcDiscoveryUrl` is not set. */
  jwksUrl?: string;
  /** When set, the JWT's `iss` must equal it (`bound_issuer`). */
  boundIssuer?: string;
  /** Role used when the login names none (`default_role`). */
  defaultRole?: string;
  /** Roles by name (case-insensitive). */
  roles: Record<string, VaultRoleConfig>;
}

/** A successful login: who logged in and with which role. */
export interface JwtLoginResult {
  /** Role name as Vault stores it (lower case). */
  roleName: string;
  /** The role used. */
  role: VaultRoleConfig;
  /** Value of the role's `user_claim`: the entity alias name. */
  aliasName: string;
}

/** Signature algorithms Vault accepts by default (`jwt_supported_algs` unset). */
const ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "EdDSA", "Ed25519"];

type KeyResolver = ReturnType<typeof createRemoteJWKSet>;

/** Vault's JWT login checks, in Vault's order, answering Vault's error messages. */
export function createJwtLogin(config: JwtMountConfig, leewaySeconds: number, now: () => number = Date.now) {
  const roles = new Map<string, VaultRoleConfig>();
  for (const [name, role] of Object.entries(config.roles)) roles.set(name.toLowerCase(), role);
  let keys: Promise<KeyResolver> | undefined;

  // Vault reads the discovery document when the mount is configured; here, on first use, retried after a failure.
  function keyResolver(): Promise<KeyResolver> {
    keys ??= resolveJwks(config).catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return keys;
  }

  async function login(body: Record<string, unknown>): Promise<JwtLoginResult | { error: string }> {
    const requested = typeof body.role === "string" ? body.role.toLowerCase() : "";
    const roleName = requested || (config.defaultRole ?? "").toLowerCase();
    if (!roleName) return { error: "missing role" };
    const role = roles.get(roleName);
    if (!role) return { error: `role "${roleName}" could not be found` };
    if (role.role_type !== "jwt") return { error: `role with ${String(role.role_type)} role_type is not allowed` };
    const token = typeof body.jwt === "string" ? body.jwt : "";
    if (!token) return { error: "missing token" };

    let resolver: KeyResolver;
    try {
      resolver = await keyResolver();
    } catch (error) {
      return { error: `error configuring token validator: ${(error as Error).message}` };
    }
    const claims = await verifySignature(token, resolver);
    if ("error" in claims) return { error: `error validating token: ${claims.error}` };

    const invalid = checkClaims(claims.payload, role, config.boundIssuer, leewaySeconds, now());
    if (invalid) return { error: `error validating token: ${invalid}` };
    if (audienceOf(claims.payload).length > 0 && (role.bound_audiences ?? []).length === 0) {
      return { error: "audience claim found in JWT but no audiences bound to the role" };
    }
    const alias = claims.payload[role.user_claim];
    if (alias === undefined || alias === null) return { error: `claim "${role.user_claim}" not found in token` };
    if (typeof alias !== "string") return { error: `claim "${role.user_claim}" could not be converted to string` };
    const unbound = checkBoundClaims(claims.payload, role.bound_claims ?? {});
    if (unbound) return { error: `error validating claims: ${unbound}` };
    return { roleName, role, aliasName: alias };
  }

  return { login, roles };
}

async function resolveJwks(config: JwtMountConfig): Promise<KeyResolver> {
  if (config.oidcDiscoveryUrl) {
    const issuer = config.oidcDiscoveryUrl;
    const response = await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${await response.text()}`);
    const discovery = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (discovery.issuer !== issuer) {
      throw new Error(`issuer did not match the returned issuer, expected "${issuer}" got "${String(discovery.issuer)}"`);
    }
    if (typeof discovery.jwks_uri !== "string") throw new Error("discovery document has no jwks_uri");
    return createRemoteJWKSet(new URL(discovery.jwks_uri));
  }
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
  throw new Error("one of oidc_discovery_url or jwks_url must be set");
}

async function verifySignature(token: string, keys: KeyResolver): Promise<{ payload: JWTPayload } | { error: string }> {
  try {
    const { payload } = await compactVerify(token, keys, { algorithms: ALGORITHMS });
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) throw new joseErrors.JWSInvalid("payload is not an object");
    return { payload: claims as JWTPayload };
  } catch (error) {
    // go-oidc's wording, which Vault wraps in "error verifying token signature: ...".
    if (error instanceof joseErrors.JWSInvalid || error instanceof SyntaxError) {
      return { error: `error verifying token signature: oidc: malformed jwt: ${(error as Error).message}` };
    }
    if (error instanceof joseErrors.JWKSTimeout || (error instanceof TypeError && !(error instanceof joseErrors.JOSEError))) {
      return { error: `error verifying token signature: fetching keys oidc: get keys failed: ${error.message}` };
    }
    return { error: "error verifying token signature: failed to verify id token signature" };
  }
}

function audienceOf(payload: JWTPayload): string[] {
  if (typeof payload.aud === "string") return [payload.aud];
  return Array.isArray(payload.aud) ? payload.aud : [];
}

// The order and wording of hashicorp/cap's jwt.Validator, which Vault's JWT plugin uses.
function checkClaims(payload: JWTPayload, role: VaultRoleConfig, boundIssuer: string | undefined, leeway: number, nowMs: number) {
  if (boundIssuer && payload.iss !== boundIssuer) return "invalid issuer (iss) claim";
  const bound = role.bound_audiences ?? [];
  if (bound.length > 0 && !bound.some((aud) => audienceOf(payload).includes(aud))) {
    return "invalid audience (aud) claim: audience claim does not match any expected audience";
  }
  const { exp, nbf, iat } = payload;
  if (exp === undefined && nbf === undefined && iat === undefined) {
    return "no issued at (iat), not before (nbf), or expiration time (exp) claims in token";
  }
  const now = nowMs / 1000;
  const expiry = exp ?? Math.max(iat ?? 0, nbf ?? 0) + leeway;
  if (nbf !== undefined && now + leeway < nbf) return "invalid not before (nbf) claim: token not yet valid";
  if (now - leeway > expiry) return "invalid expiration time (exp) claim: token is expired";
  if (iat !== undefined && now + leeway < iat) return "invalid issued at (iat) claim: token issued in the future";
  return undefined;
}

function checkBoundClaims(payload: JWTPayload, bound: Record<string, string | string[]>): string | undefined {
  for (const [claim, expected] of Object.entries(bound)) {
    const actual = payload[claim];
    if (actual === undefined || actual === null) return `claim "${claim}" is missing`;
    const actualValues = (Array.isArray(actual) ? actual : [actual]).map(String);
    const expectedValues = Array.isArray(expected) ? expected : [expected];
    if (!expectedValues.some((value) => actualValues.includes(value))) {
      return `claim "${claim}" does not match any associated bound claim values`;
    }
  }
  return undefined;
}
