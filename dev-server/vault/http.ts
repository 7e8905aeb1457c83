import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** What a route answers: a status, an optional JSON body and extra headers. */
export interface VaultReply {
  /** HTTP status. */
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Vault's error shape: `{"errors":[...]}`. */
export function vaultErrors(status: number, ...errors: string[]): VaultReply {
  return { status, body: { errors } };
}

/** The answer Vault gives for a missing, expired, revoked or under-privileged token. */
export function permissionDenied(): VaultReply {
  return vaultErrors(403, "permission denied");
}

/** Vault's response envelope around `data` or `auth`. */
export function envelope(fields: { data?: unknown; auth?: unknown; mountType?: string }): Record<string, unknown> {
  return {
    request_id: randomUUID(),
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data: fields.data ?? null,
    wrap_info: null,
    warnings: null,
    auth: fields.auth ?? null,
    mount_type: fields.mountType ?? "",
  };
}

/** A 200 with Vault's envelope. */
export function ok(fields: { data?: unknown; auth?: unknown; mountType?: string }): VaultReply {
  return { status: 200, body: envelope(fields) };
}

/** A request body: the parsed JSON object, or the 400 Vault answers when it is not one. */
export type JsonBody = { body: Record<string, unknown>; reply?: undefined } | { body?: undefined; reply: VaultReply };

/** Reads the body as a JSON object; an empty body reads as `{}`, as Vault does. */
export async function readJsonObject(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return { body: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return { body: value as Record<string, unknown> };
    return { reply: vaultErrors(400, "failed to parse JSON input: expected a JSON object") };
  } catch (error) {
    return { reply: vaultErrors(400, `failed to parse JSON input: ${(error as Error).message}`) };
  }
}

/** Vault's RFC 3339 timestamps carry nanoseconds; microseconds are enough for clients to parse. */
export function vaultTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
