import { kvRequestPath, versionQuery } from "./kvPath.js";
import { badResponse, expectObject, readVaultJson } from "./vaultResponse.js";

/** A fetch bound to one Vault: resolves `path` against `<vaultUrl>/v1/` and adds the Vault token. */
export type VaultFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Metadata of one KV v2 version, with Vault's field names. */
export interface KvVersionMetadata {
  /** When this version was written (RFC 3339). */
  created_time: string;
  /** The secret's custom metadata, `null` when none. */
  custom_metadata: Record<string, string> | null;
  /** When this version was deleted (RFC 3339), `""` when it was not. */
  deletion_time: string;
  /** Whether this version was destroyed. */
  destroyed: boolean;
  /** Version number, from 1. */
  version: number;
}

/** A KV v2 secret: its key/value data and its version's metadata. */
export interface KvSecret<T = Record<string, string>> {
  /** The secret's key/value pairs. */
  data: T;
  /** Metadata of the version read. */
  metadata: KvVersionMetadata;
}

/** Options of `kvReadRequest`. */
export interface KvReadOptions {
  /** Version to read. Default: the latest. */
  version?: number;
}

/** Options of `kvWriteRequest`. */
export interface KvWriteOptions {
  /** Check-and-set: write only when the current version is this one (`0`: only when the path is new). */
  cas?: number;
}

// The request builders are async so that an invalid mount or path rejects (`vault_path_invalid`) instead of throwing,
// and does so before `vaultFetch` is called: nothing is sent, no Vault login is made.

/** `GET <kvMount>/data/<path>[?version=N]`, every segment encoded; `.`/`..`/empty segments refused. */
export async function kvReadRequest(vaultFetch: VaultFetch, kvMount: string, path: string, options: KvReadOptions = {}): Promise<Response> {
  const target = kvRequestPath(kvMount, "data", path) + versionQuery(options?.version);
  return vaultFetch(target);
}

function readMetadata(value: unknown): KvVersionMetadata {
  const metadata = expectObject(value, "metadata");
  if (typeof metadata.version !== "number") throw badResponse("metadata.version");
  return metadata as unknown as KvVersionMetadata;
}

/** Validates a KV v2 read: 404 is `vault_not_found`, 403 `vault_permission_denied`. */
export async function processKvReadResponse<T = Record<string, string>>(response: Response): Promise<KvSecret<T>> {
  const data = expectObject((await readVaultJson(response, "Vault KV read")).data, "data");
  return { data: expectObject(data.data, "data.data") as T, metadata: readMetadata(data.metadata) };
}

/** `POST <kvMount>/data/<path>` with `{ data }`: a new version. */
export async function kvWriteRequest(
  vaultFetch: VaultFetch,
  kvMount: string,
  path: string,
  data: Record<string, unknown>,
  options: KvWriteOptions = {},
): Promise<Response> {
  const target = kvRequestPath(kvMount, "data", path);
  const body = options?.cas === undefined ? { data } : { data, options: { cas: options.cas } };
  return vaultFetch(target, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Validates a KV v2 write; resolves with the new version's metadata. */
export async function processKvWriteResponse(response: Response): Promise<KvVersionMetadata> {
  return readMetadata((await readVaultJson(response, "Vault KV write")).data);
}

/** `GET <kvMount>/metadata/<path>?list=true` (browsers cannot send Vault's `LIST` method); `""` lists the mount's root. */
export async function kvListRequest(vaultFetch: VaultFetch, kvMount: string, path: string): Promise<Response> {
  const target = `${kvRequestPath(kvMount, "metadata", path, true)}?list=true`;
  return vaultFetch(target);
}

/** The keys of a folder (sub-folders end with `/`); an empty folder lists as `[]` (Vault answers 404). */
export async function processKvListResponse(response: Response): Promise<string[]> {
  if (response.status === 404) return [];
  const keys = expectObject((await readVaultJson(response, "Vault KV list")).data, "data").keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) throw badResponse("data.keys");
  return keys;
}
