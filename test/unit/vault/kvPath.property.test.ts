import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMockOidc } from "../../../src/testing";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { VaultError } from "../../../src/vault/vaultError";
import { createManualClock } from "../../support/manualClock";
import { createStubVault, json, secretBody, VAULT_URL } from "./stubVault";

// Fuzzes the KV helpers of a real client (stub transport): whatever the mount, path and version, the call either
// fails with a VaultError or every request it sends addresses exactly that mount and path, under <vaultUrl>/v1/<mount>/.
const RUNS = { seed: 4242, numRuns: 10_000 };

// Units that matter to URL parsing and Vault's router, plus any UTF-16 code unit (lone surrogates included).
const unit = fc.oneof(
  fc.constantFrom("/", "/", ".", "..", "", "%", "%2e", "%2E%2e", "%2F", "?", "#", "\\", ":", "@", " ", "\t", "v1", "sys", "data", "\uD800", "\uDC00"),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom("a", "b", "users", "alice", "é", "😀"),
);
const text = fc.string({ unit, maxLength: 12 });
const notAString = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.object(), fc.constant(Symbol("s")));
const mount = fc.oneof({ weight: 5, arbitrary: text }, { weight: 1, arbitrary: notAString });
const path = fc.oneof({ weight: 8, arbitrary: text }, { weight: 1, arbitrary: notAString });
const version = fc.oneof(fc.constant(undefined), fc.nat(), fc.integer(), fc.double(), fc.string());

function setup() {
  const oidc = createMockOidc({ clients: { app: {}, vault: {} }, tokens: { vault: "upstream-1" } });
  const vault = createStubVault();
  vault.onData = (call) => (call.method === "POST"
    ? json(200, { data: { created_time: "t", custom_metadata: null, deletion_time: "", destroyed: false, version: 1 } })
    : call.path.includes("list=true") ? json(200, { data: { keys: ["a"] } }) : json(200, secretBody({ k: "v" })));
  const clock = createManualClock();
  const client = createVaultClient({ api: "vault", oidc, vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch, now: clock.now, timers: clock.timers });
  return { vault, client };
}

/** The segments after /v1/ of the URL fetch would really request (WHATWG-normalized), decoded as Vault's router does. */
function segmentsSeen(url: string): string[] {
  const { pathname } = new URL(url);
  expect(pathname.startsWith("/v1/")).toBe(true);
  return pathname.slice("/v1/".length).split("/").map(decodeURIComponent);
}

describe("KV mounts and paths (property, 10^4 cases each)", () => {
  it("read, write and list: a VaultError or requests that stay exactly on the mount and path given", async () => {
    const { vault, client } = setup();
    await client.getVaultToken();
    const calls = () => vault.calls.filter((c) => !c.path.endsWith("/login"));
    const tally = { sent: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(mount, path, version, fc.constantFrom("read", "write", "list"), async (m, p, v, op) => {
        vault.calls.length = 0;
        const run =
          op === "read"
            ? client.readSecret(m as string, p as string, { version: v as number })
            : op === "write"
              ? client.writeSecret(m as string, p as string, { k: "v" })
              : client.listSecrets(m as string, p as string);
        const outcome = await run.then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) {
          expect(outcome).toBeInstanceOf(VaultError);
          expect(calls()).toEqual([]);
          tally.refused += 1;
          return;
        }
        tally.sent += 1;
        if (typeof m !== "string" || typeof p !== "string") throw new Error("a non-string mount or path was sent");
        const listing = op === "list";
        const mountSegments = m.replace(/^\/+|\/+$/g, "").split("/");
        const pathText = p.replace(/^\/+/, "");
        const trailing = listing && pathText.endsWith("/");
        const body = trailing ? pathText.slice(0, -1) : pathText;
        const pathSegments = listing && body === "" ? [] : body.split("/");
        // Anything with an empty, "." or ".." segment must have been refused.
        for (const segment of [...mountSegments, ...pathSegments]) expect(["", ".", ".."]).not.toContain(segment);
        const sent = calls();
        expect(sent).toHaveLength(1);
        const url = sent[0]?.url ?? "";
        const prefix = `${VAULT_URL}/v1/${mountSegments.map(encodeURIComponent).join("/")}/`;
        expect(url.startsWith(prefix)).toBe(true);
        expect(new URL(url).href.startsWith(prefix)).toBe(true);
        // Exactly the mount and path given, segment by segment, as Vault's router would read them.
        const folderEnd = listing && (trailing || body === "") ? [""] : [];
        expect(segmentsSeen(url)).toEqual([...mountSegments, listing ? "metadata" : "data", ...pathSegments, ...folderEnd]);
      }),
      RUNS,
    );
    // Both branches are exercised in earnest, not just one.
    expect(tally.sent).toBeGreaterThan(RUNS.numRuns / 10);
    expect(tally.refused).toBeGreaterThan(RUNS.numRuns / 10);
  });

  it("the raw fetch: a VaultError or a request under <vaultUrl>/v1/, never an untyped exception", async () => {
    const { vault, client } = setup();
    await client.getVaultToken();
    const anyPath = fc.oneof(text, text.map((t) => `/v1/${t}`), text.map((t) => `${VAULT_URL}/${t}`), text.map((t) => `https://evil.test/${t}`), notAString);
    await fc.assert(
      fc.asyncProperty(anyPath, async (p) => {
        vault.calls.length = 0;
        const outcome = await client.fetch(p as string).then(
          () => undefined,
          (error: unknown) => error,
        );
        if (outcome !== undefined) {
          expect(outcome).toBeInstanceOf(VaultError);
          expect(vault.calls).toEqual([]);
          return;
        }
        for (const call of vault.calls) expect(call.path.startsWith("/v1/")).toBe(true);
      }),
      RUNS,
    );
  });
});
