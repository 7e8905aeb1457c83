import { badResponse, expectObject, readVaultJson } from "./vaultResponse";

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

function encodePath(path: string): string {
  return path.replace(/^\/+/, "").split("/").map(encodeURIComponent).join("/");
}

/** `GET <kvMount>/data/<path>[?version=N]`. */
export function kvReadRequest(vaultFetch: VaultFetch, kvMount: string, path: string, options: KvReadOptions = {}): Promise<Response> {
  const query = options.version === undefined ? "" : `?version=${options.version}`;
  return vaultFetch(`${kvMount}/data/${encodePath(path)}${query}`);
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
export function kvWriteRequest(
  vaultFetch: VaultFetch,
  kvMount: string,
  path: string,
  data: Record<string, unknown>,
  options: KvWriteOptions = {},
): Promise<Response> {
  const body = options.cas === undefined ? { data } : { data, options: { cas: options.cas } };
  return vaultFetch(`${kvMount}/data/${encodePath(path)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Validates a KV v2 write; resolves with the new version's metadata. */
export async function processKvWriteResponse(response: Response): Promise<KvVersionMetadata> {
  return readMetadata((await readVaultJson(response, "Vault KV write")).data);
}

/** `GET <kvMount>/metadata/<path>?list=true` (browsers cannot send Vault's `LIST` method). */
export function kvListRequest(vaultFetch: VaultFetch, kvMount: string, path: string): Promise<Response> {
  return vaultFetch(`${kvMount}/metadata/${encodePath(path)}?list=true`);
}

/** The keys of a folder (sub-folders end with `/`); an empty folder lists as `[]` (Vault answers 404). */
export async function processKvListResponse(response: Response): Promise<string[]> {
  if (response.status === 404) return [];
  const keys = expectObject((await readVaultJson(response, "Vault KV list")).data, "data").keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string")) throw badResponse("data.keys");
  return keys;
}
