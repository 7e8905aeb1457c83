import { describe, expect, it } from "vitest";
import {
  kvListRequest,
  kvReadRequest,
  kvWriteRequest,
  processKvListResponse,
  processKvReadResponse,
  processKvWriteResponse,
  type VaultFetch,
} from "../../../src/vault/kvSecret";
import { VaultError } from "../../../src/vault/vaultError";
import { json, secretBody } from "./stubVault";

function recorder() {
  const seen: { path: string; init: RequestInit | undefined }[] = [];
  const fetch: VaultFetch = async (path, init) => {
    seen.push({ path, init });
    return json(200, {});
  };
  return { seen, fetch };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    return (error as VaultError).code;
  }
}

describe("KV v2 requests", () => {
  it("reads <mount>/data/<path>, with ?version=N when asked, encoding each segment", async () => {
    const { seen, fetch } = recorder();
    await kvReadRequest(fetch, "secret", "users/alice/api");
    await kvReadRequest(fetch, "kv", "/users/a b/x", { version: 3 });
    expect(seen.map((s) => s.path)).toEqual(["secret/data/users/alice/api", "kv/data/users/a%20b/x?version=3"]);
  });

  it("refuses empty, . and .. segments, non-strings and bad versions with vault_path_invalid, before fetching", async () => {
    const { seen, fetch } = recorder();
    const cases: [unknown, unknown, { version?: unknown }?][] = [
      ["secret", "users/alice/../../../../sys/policies/acl/admin"],
      ["secret", "../../auth/token/create"],
      ["secret", "users//alice"],
      ["secret", "users/./alice"],
      ["secret", ""],
      ["secret", "users/alice/"],
      ["", "users/alice/api"],
      ["..", "x"],
      ["secret/..", "x"],
      [undefined, "x"],
      ["secret", null],
      ["secret", { toString: () => "x" }],
      ["secret", "a\uD800b"],
      ["secret", "x", { version: -1 }],
      ["secret", "x", { version: 1.5 }],
      ["secret", "x", { version: "1&list=true" }],
    ];
    for (const [mount, path, options] of cases) {
      expect(await codeOf(kvReadRequest(fetch, mount as string, path as string, options as { version?: number }))).toBe("vault_path_invalid");
    }
    expect(await codeOf(kvWriteRequest(fetch, "secret", "..", {}))).toBe("vault_path_invalid");
    expect(await codeOf(kvListRequest(fetch, "secret", "a//"))).toBe("vault_path_invalid");
    expect(seen).toEqual([]);
  });

  it("encodes every segment, so ?, #, % and encoded dots stay inside their segment", async () => {
    const { seen, fetch } = recorder();
    await kvReadRequest(fetch, "team/kv", "a?b/c#d/%2e%2e/e%2Fx/...");
    await kvListRequest(fetch, "/secret/", "");
    await kvListRequest(fetch, "v1", "users/");
    expect(seen.map((s) => s.path)).toEqual([
      "team/kv/data/a%3Fb/c%23d/%252e%252e/e%252Fx/...",
      "secret/metadata/?list=true",
      "v1/metadata/users/?list=true",
    ]);
  });

  it("writes {data} (and options.cas) with POST, lists with GET ?list=true", async () => {
    const { seen, fetch } = recorder();
    await kvWriteRequest(fetch, "secret", "users/alice/api", { api_key: "v2" });
    await kvWriteRequest(fetch, "secret", "users/alice/api", { api_key: "v3" }, { cas: 2 });
    await kvListRequest(fetch, "secret", "users/alice/");
    expect(seen[0]?.init?.method).toBe("POST");
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual({ data: { api_key: "v2" } });
    expect(JSON.parse(String(seen[1]?.init?.body))).toEqual({ data: { api_key: "v3" }, options: { cas: 2 } });
    expect(seen[2]?.path).toBe("secret/metadata/users/alice/?list=true");
    expect(seen[2]?.init?.method ?? "GET").toBe("GET");
  });
});

describe("KV v2 answers", () => {
  it("reads data and metadata from Vault's documented shape", async () => {
    const secret = await processKvReadResponse(json(200, secretBody({ api_key: "abc" }, 3)));
    expect(secret.data).toEqual({ api_key: "abc" });
    expect(secret.metadata).toEqual({
      created_time: "2026-01-01T00:00:00Z",
      custom_metadata: null,
      deletion_time: "",
      destroyed: false,
      version: 3,
    });
  });

  it("maps 404 {errors:[]} to vault_not_found and 403 permission denied to vault_permission_denied", async () => {
    expect(await codeOf(processKvReadResponse(json(404, { errors: [] })))).toBe("vault_not_found");
    const denied = await processKvReadResponse(json(403, { errors: ["permission denied"] })).catch((e: VaultError) => e);
    expect(denied).toMatchObject({ code: "vault_permission_denied", status: 403, errors: ["permission denied"] });
    expect(await codeOf(processKvReadResponse(json(400, { errors: ["bad"] })))).toBe("vault_request_failed");
  });

  it("maps 5xx (sealed, standby) and 429 to the transient vault_unreachable, with Vault's messages and Retry-After", async () => {
    const sealed = await processKvReadResponse(json(503, { errors: ["Vault is sealed"] })).catch((e: VaultError) => e);
    expect(sealed).toMatchObject({ code: "vault_unreachable", status: 503, errors: ["Vault is sealed"] });
    const limited = new Response("{}", { status: 429, headers: { "Retry-After": "7" } });
    expect(await processKvReadResponse(limited).catch((e: VaultError) => e)).toMatchObject({ code: "vault_unreachable", retryAfterMs: 7000 });
    expect(await codeOf(processKvReadResponse(new Response("<html>proxy</html>", { status: 502 })))).toBe("vault_unreachable");
  });

  it("refuses answers that are not the documented shape", async () => {
    expect(await codeOf(processKvReadResponse(json(200, { data: null })))).toBe("vault_bad_response");
    expect(await codeOf(processKvReadResponse(json(200, { data: { data: {}, metadata: {} } })))).toBe("vault_bad_response");
    expect(await codeOf(processKvReadResponse(new Response("<html>", { status: 200 })))).toBe("vault_bad_response");
  });

  it("returns the new version's metadata on write and maps a CAS refusal to vault_request_failed", async () => {
    const metadata = await processKvWriteResponse(
      json(200, { data: { created_time: "t", custom_metadata: null, deletion_time: "", destroyed: false, version: 4 } }),
    );
    expect(metadata.version).toBe(4);
    const cas = await processKvWriteResponse(json(400, { errors: ["check-and-set parameter did not match the current version"] })).catch(
      (e: VaultError) => e,
    );
    expect(cas).toMatchObject({ code: "vault_request_failed", status: 400 });
  });

  it("lists keys, an empty folder (404) as []", async () => {
    expect(await processKvListResponse(json(200, { data: { keys: ["api", "db/"] } }))).toEqual(["api", "db/"]);
    expect(await processKvListResponse(json(404, { errors: [] }))).toEqual([]);
    expect(await codeOf(processKvListResponse(json(403, { errors: ["permission denied"] })))).toBe("vault_permission_denied");
    expect(await codeOf(processKvListResponse(json(200, { data: { keys: [1] } })))).toBe("vault_bad_response");
  });
});
