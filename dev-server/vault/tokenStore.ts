import { randomBytes, randomUUID } from "node:crypto";

/** Vault's system default and maximum token TTL: 768 h. */
export const SYSTEM_MAX_TTL_SECONDS = 768 * 3600;

/** A service token issued by a login. */
export interface TokenEntry {
  /** The `hvs.` token itself. */
  id: string;
  /** Its accessor. */
  accessor: string;
  /** `default` plus the role's `token_policies`, sorted. */
  policies: string[];
  /** The role's `token_policies` only. */
  tokenPolicies: string[];
  /** Role name (lower case). */
  roleName: string;
  /** Entity alias name: the JWT's `user_claim` value. */
  aliasName: string;
  /** Identity entity id, stable per alias. */
  entityId: string;
  /** Accessor of the auth mount that issued it (what templated policies name). */
  mountAccessor: string;
  /** `auth/<mount>/login`. */
  path: string;
  /** When it was issued, ms. */
  issuedAt: number;
  /** TTL it was created with, s. */
  creationTtl: number;
  /** Current lease end, ms. */
  expiresAt: number;
  /** Latest possible lease end (max TTL), ms. */
  maxExpiresAt: number;
  /** Role TTL used when renewing without an increment, s. */
  roleTtl: number;
}

/** What a login needs to mint a token. */
export interface TokenGrant {
  roleName: string;
  aliasName: string;
  mountAccessor: string;
  path: string;
  tokenPolicies: string[];
  ttlSeconds?: number;
  maxTtlSeconds?: number;
}

/** Random characters of Vault's token alphabet. */
export function randomId(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join("");
}

/** In-memory token store: issue, look up (expired or revoked tokens are gone), renew, revoke. */
export function createTokenStore(now: () => number = Date.now) {
  const tokens = new Map<string, TokenEntry>();
  const entities = new Map<string, string>();

  function issue(grant: TokenGrant): TokenEntry {
    const issuedAt = now();
    const maxTtl = Math.min(grant.maxTtlSeconds || SYSTEM_MAX_TTL_SECONDS, SYSTEM_MAX_TTL_SECONDS);
    const roleTtl = Math.min(grant.ttlSeconds || SYSTEM_MAX_TTL_SECONDS, maxTtl);
    const entityKey = `${grant.mountAccessor}/${grant.aliasName}`;
    const entityId = entities.get(entityKey) ?? randomUUID();
    entities.set(entityKey, entityId);
    const entry: TokenEntry = {
      id: `hvs.${randomId(24)}`,
      accessor: randomId(24),
      policies: [...new Set(["default", ...grant.tokenPolicies])].sort(),
      tokenPolicies: [...new Set(["default", ...grant.tokenPolicies])].sort(),
      roleName: grant.roleName,
      aliasName: grant.aliasName,
      entityId,
      mountAccessor: grant.mountAccessor,
      path: grant.path,
      issuedAt,
      creationTtl: roleTtl,
      expiresAt: issuedAt + roleTtl * 1000,
      maxExpiresAt: issuedAt + maxTtl * 1000,
      roleTtl,
    };
    tokens.set(entry.id, entry);
    return entry;
  }

  function get(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = tokens.get(id);
    if (entry && entry.expiresAt <= now()) {
      tokens.delete(id);
      return undefined;
    }
    return entry;
  }

  // Vault's renewal: the increment (or the role TTL) from now, never past the max TTL.
  function renew(entry: TokenEntry, incrementSeconds: number | undefined): TokenEntry {
    const ttl = incrementSeconds && incrementSeconds > 0 ? incrementSeconds : entry.roleTtl;
    entry.expiresAt = Math.min(now() + ttl * 1000, entry.maxExpiresAt);
    return entry;
  }

  function revoke(id: string): void {
    tokens.delete(id);
  }

  /** Seconds left on `entry`'s lease. */
  function ttlOf(entry: TokenEntry): number {
    return Math.max(0, Math.round((entry.expiresAt - now()) / 1000));
  }

  return { issue, get, renew, revoke, ttlOf };
}

/** The `auth` block Vault returns for a login or a renewal. */
export function authBlock(entry: TokenEntry, ttlSeconds: number): Record<string, unknown> {
  return {
    client_token: entry.id,
    accessor: entry.accessor,
    policies: entry.policies,
    token_policies: entry.tokenPolicies,
    identity_policies: [],
    metadata: { role: entry.roleName },
    lease_duration: ttlSeconds,
    renewable: true,
    entity_id: entry.entityId,
    token_type: "service",
    orphan: true,
    mfa_requirement: null,
    num_uses: 0,
  };
}

/** Parses a Go duration (`"1h"`, `"30m"`, `"90s"`, `"1h30m"`) or a number of seconds. */
export function parseDurationSeconds(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  let rest = value;
  while (rest.length > 0) {
    const match = /^(\d+(?:\.\d+)?)(ms|h|m|s)/.exec(rest);
    if (!match?.[1] || !match[2]) return undefined;
    total += Number(match[1]) * (units[match[2]] ?? 0);
    rest = rest.slice(match[0].length);
  }
  return total;
}
