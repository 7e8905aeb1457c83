import type { TokenEntry } from "./tokenStore";

/** A Vault ACL capability. */
export type Capability = "create" | "read" | "update" | "delete" | "list" | "deny";

/** One `path "..." { capabilities = [...] }` stanza; `path` may use `*` (prefix), `+` (one segment) and templates. */
export interface PolicyRule {
  path: string;
  capabilities: Capability[];
}

/** The policies the dev server knows: Vault's `default` (token self-service) and the templated `user-secrets`. */
export function builtinPolicies(kvMount: string, jwtMountAccessor: string): Record<string, PolicyRule[]> {
  const alias = `{{identity.entity.aliases.${jwtMountAccessor}.name}}`;
  return {
    default: [
      { path: "auth/token/lookup-self", capabilities: ["read"] },
      { path: "auth/token/renew-self", capabilities: ["update"] },
      { path: "auth/token/revoke-self", capabilities: ["update"] },
    ],
    "user-secrets": [
      { path: `${kvMount}/data/users/${alias}/*`, capabilities: ["create", "read", "update", "list"] },
      { path: `${kvMount}/metadata/users/${alias}/*`, capabilities: ["read", "list"] },
    ],
  };
}

const TEMPLATE = /\{\{\s*identity\.entity\.aliases\.([^.}\s]+)\.name\s*\}\}/g;

// Vault drops a templated path whose template it cannot fill for this token (e.g. an alias of another mount).
function render(path: string, token: TokenEntry): string | undefined {
  let unresolved = false;
  const rendered = path.replace(TEMPLATE, (_match, accessor: string) => {
    if (accessor !== token.mountAccessor) unresolved = true;
    return token.aliasName;
  });
  return unresolved || rendered.includes("{{") ? undefined : rendered;
}

function matches(pattern: string, path: string): boolean {
  const prefix = pattern.endsWith("*");
  const patternSegments = (prefix ? pattern.slice(0, -1) : pattern).split("/");
  const pathSegments = path.split("/");
  if (!prefix && patternSegments.length !== pathSegments.length) return false;
  if (prefix && pathSegments.length < patternSegments.length) return false;
  return patternSegments.every((segment, i) => {
    const actual = pathSegments[i] ?? "";
    if (segment === "+") return actual !== "";
    // The last segment of a prefix pattern matches as a string prefix ("users/al*" matches "users/alice").
    return prefix && i === patternSegments.length - 1 ? actual.startsWith(segment) : actual === segment;
  });
}

/** True when `token`'s policies grant `capability` on `path` (no leading slash); `deny` wins. */
export function isAllowed(
  token: TokenEntry,
  path: string,
  capability: Capability,
  policies: Record<string, PolicyRule[]>,
): boolean {
  let allowed = false;
  for (const name of token.policies) {
    for (const rule of policies[name] ?? []) {
      const pattern = render(rule.path, token);
      if (pattern === undefined || !matches(pattern, path)) continue;
      if (rule.capabilities.includes("deny")) return false;
      if (rule.capabilities.includes(capability)) allowed = true;
    }
  }
  return allowed;
}
