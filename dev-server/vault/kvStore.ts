import { vaultTime } from "./http";

/** One version of a KV v2 secret. */
export interface KvVersion {
  data: Record<string, unknown>;
  createdAt: number;
}

/** Metadata of one version, as KV v2 returns it. */
export interface KvVersionMetadata {
  created_time: string;
  custom_metadata: null;
  deletion_time: string;
  destroyed: boolean;
  version: number;
}

/** Why a write was refused, with Vault's message. */
export class KvWriteError extends Error {}

/** In-memory KV version 2 engine: versioned secrets by path, listing by folder. */
export function createKvStore(now: () => number = Date.now) {
  const secrets = new Map<string, KvVersion[]>();

  function metadataOf(versions: KvVersion[], version: number): KvVersionMetadata {
    const entry = versions[version - 1];
    return {
      created_time: vaultTime(entry?.createdAt ?? 0),
      custom_metadata: null,
      deletion_time: "",
      destroyed: false,
      version,
    };
  }

  /** The latest version (or `version`, 0 meaning latest), or `undefined` when absent. */
  function read(path: string, version = 0): { data: Record<string, unknown>; metadata: KvVersionMetadata } | undefined {
    const versions = secrets.get(path);
    if (!versions) return undefined;
    const wanted = version === 0 ? versions.length : version;
    const entry = versions[wanted - 1];
    return entry ? { data: entry.data, metadata: metadataOf(versions, wanted) } : undefined;
  }

  /** Adds a version; `cas` must equal the current version when given (0: the path must not exist). */
  function write(path: string, data: Record<string, unknown>, cas?: number): KvVersionMetadata {
    const versions = secrets.get(path) ?? [];
    if (cas !== undefined && cas !== versions.length) {
      throw new KvWriteError("check-and-set parameter did not match the current version");
    }
    versions.push({ data: structuredClone(data), createdAt: now() });
    secrets.set(path, versions);
    return metadataOf(versions, versions.length);
  }

  function exists(path: string): boolean {
    return secrets.has(path);
  }

  /** Direct children of folder `prefix` (`"users/alice/"`), folders with a trailing `/`, sorted. */
  function list(prefix: string): string[] {
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const keys = new Set<string>();
    for (const path of secrets.keys()) {
      if (!path.startsWith(folder)) continue;
      const rest = path.slice(folder.length);
      const slash = rest.indexOf("/");
      keys.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...keys].sort();
  }

  /** KV v2 metadata of a secret, or `undefined` when absent. */
  function metadata(path: string): Record<string, unknown> | undefined {
    const versions = secrets.get(path);
    if (!versions) return undefined;
    const first = versions[0]?.createdAt ?? 0;
    const last = versions[versions.length - 1]?.createdAt ?? 0;
    return {
      cas_required: false,
      created_time: vaultTime(first),
      current_version: versions.length,
      custom_metadata: null,
      delete_version_after: "0s",
      max_versions: 0,
      oldest_version: 0,
      updated_time: vaultTime(last),
      versions: Object.fromEntries(
        versions.map((_, i) => {
          const { created_time, deletion_time, destroyed } = metadataOf(versions, i + 1);
          return [String(i + 1), { created_time, deletion_time, destroyed }];
        }),
      ),
    };
  }

  return { read, write, exists, list, metadata };
}
