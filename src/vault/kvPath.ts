import { VaultError } from "./vaultError.js";

/** Which KV v2 sub-tree a request addresses: secret versions (`data`) or their metadata (`metadata`). */
export type KvSubtree = "data" | "metadata";

function invalidPath(message: string): VaultError {
  return new VaultError("vault_path_invalid", message);
}

// Each segment is percent-encoded, so "/" "?" "#" "%" inside a name stay in that name. Dot segments are refused rather
// than encoded: URL parsers (and Vault's router) resolve "%2E%2E" like "..", so encoding would not keep them in place.
function encodeSegments(segments: string[], what: string, raw: string): string {
  return segments
    .map((segment) => {
      if (segment === "") throw invalidPath(`${what} "${raw}" has an empty segment ("//"); name every segment.`);
      if (segment === "." || segment === "..") {
        throw invalidPath(`${what} "${raw}" has a "${segment}" segment; Vault paths are never relative, name the path from its root.`);
      }
      try {
        return encodeURIComponent(segment);
      } catch (error) {
        // A lone UTF-16 surrogate cannot be encoded (URIError).
        throw new VaultError("vault_path_invalid", `${what} "${raw}" holds text that cannot be encoded in a URL.`, { cause: error });
      }
    })
    .join("/");
}

/** A KV engine's mount path (`"secret"`, `"team/kv"`), segments encoded; leading and trailing slashes are ignored. */
export function encodeKvMount(kvMount: unknown): string {
  if (typeof kvMount !== "string") throw invalidPath(`The KV mount must be a string such as "secret"; got ${typeof kvMount}.`);
  const trimmed = kvMount.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") throw invalidPath('The KV mount is empty; pass the mount path of the KV v2 engine, e.g. "secret".');
  return encodeSegments(trimmed.split("/"), "KV mount", kvMount);
}

/**
 * A secret's path inside its mount, segments encoded; leading slashes are ignored. A folder (for listing) may end with
 * one `/` and may be empty (the mount's root); a secret may not.
 */
export function encodeKvSecretPath(path: unknown, folder: boolean): string {
  if (typeof path !== "string") throw invalidPath(`The KV path must be a string such as "users/alice/api"; got ${typeof path}.`);
  let rest = path.replace(/^\/+/, "");
  const trailing = folder && rest.endsWith("/");
  if (trailing) rest = rest.slice(0, -1);
  if (rest === "") {
    if (folder) return "";
    throw invalidPath("The KV path is empty; name the secret, e.g. \"users/alice/api\".");
  }
  return encodeSegments(rest.split("/"), "KV path", path) + (trailing ? "/" : "");
}

/** The query string for `version` (`""` for the latest); a version is an integer >= 0. */
export function versionQuery(version: unknown): string {
  if (version === undefined) return "";
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 0) {
    throw invalidPath(`The KV version must be an integer >= 0 (0 or none for the latest); got ${typeof version === "number" ? version : typeof version}.`);
  }
  return `?version=${version}`;
}

/** `<mount>/<subtree>/<path>`, relative to `<vaultUrl>/v1/`; throws `vault_path_invalid` before anything is sent. */
export function kvRequestPath(kvMount: unknown, subtree: KvSubtree, path: unknown, folder = false): string {
  return `${encodeKvMount(kvMount)}/${subtree}/${encodeKvSecretPath(path, folder)}`;
}
