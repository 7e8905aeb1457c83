import { ok, permissionDenied, vaultErrors, type VaultReply } from "./http";
import { KvWriteError, type createKvStore } from "./kvStore";
import { isAllowed, type PolicyRule } from "./policy";
import type { VaultRequest } from "./request";

type KvStore = ReturnType<typeof createKvStore>;

/** KV v2 under `kvMount`: read (`?version=N`), write, list (`metadata/...?list=true`); `undefined` for other paths. */
export async function kvRoute(
  req: VaultRequest,
  kvMount: string,
  store: KvStore,
  policies: Record<string, PolicyRule[]>,
): Promise<VaultReply | undefined> {
  const match = new RegExp(`^${escape(kvMount)}/(data|metadata)/(.*)$`).exec(req.path);
  if (!match) return undefined;
  const [, kind, path = ""] = match;
  const listing = kind === "metadata" && req.method === "GET" && req.query.get("list") === "true";
  const writing = req.method === "POST" || req.method === "PUT";
  // Vault's existence check: writing a new path needs `create`, an existing one `update`.
  const capability = listing ? "list" : writing ? (store.exists(path) ? "update" : "create") : "read";
  if (!req.token || !isAllowed(req.token, req.path, capability, policies)) return permissionDenied();

  if (listing) {
    const keys = store.list(path);
    return keys.length === 0 ? vaultErrors(404) : ok({ data: { keys } });
  }
  if (kind === "metadata") {
    if (req.method !== "GET") return vaultErrors(405, "unsupported operation");
    const metadata = store.metadata(path);
    return metadata ? ok({ data: metadata }) : vaultErrors(404);
  }
  if (req.method === "GET") {
    const version = Number(req.query.get("version") ?? "0");
    if (!Number.isInteger(version) || version < 0) return vaultErrors(400, "version must be a non-negative integer");
    const secret = store.read(path, version);
    return secret ? ok({ data: secret }) : vaultErrors(404);
  }
  if (!writing) return vaultErrors(405, "unsupported operation");
  const { body, reply } = await req.readBody();
  if (reply) return reply;
  const data = body.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return vaultErrors(400, "no data provided");
  const options = body.options as { cas?: unknown } | undefined;
  const cas = typeof options?.cas === "number" ? options.cas : undefined;
  try {
    return ok({ data: store.write(path, data as Record<string, unknown>, cas) });
  } catch (error) {
    if (error instanceof KvWriteError) return vaultErrors(400, error.message);
    throw error;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
