import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Every public export of the React-facing entries is shown to a reader: used in the example app or in a story.
// A new export fails this test until it appears in one of them (or is listed below with the reason it cannot).

const ROOT = resolve(import.meta.dirname, "../../..");
const ENTRIES = {
  "react-oidc-apis": () => import("../../../src/index"),
  "react-oidc-apis/query": () => import("../../../src/query/index"),
  "react-oidc-apis/vault": () => import("../../../src/vault/index"),
  "react-oidc-apis/router": () => import("../../../src/router/index"),
} as const;
const SHOWCASES = ["example-app/src", "stories"];

// Request/process pairs are building blocks for custom Vault flows; their unit tests are their documentation.
const PROTOCOL_PAIR = /^(?:\w+Request|process\w+Response)$/;

/** Exports that are not shown, each with why. Kept short on purpose: a stale entry fails too. */
const NOT_SHOWN: Record<string, string> = {
  OidcApisError: "the base class; readers meet it through isOidcApisError, which the example uses",
  VaultError: "thrown by the Vault client; the example and stories narrow it with isVaultError",
  safeReturnTo: "applied by login() and enforceLogin() themselves; exported for apps that build their own redirect",
  isUnderBaseUrl: "the rule behind `baseUrls`, which every token-bound fetch of the example applies",
  isPrefetchRequest: "applied by enforceLogin() itself; exported for loaders that decide on their own",
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** `source` without its comments (block comments, and line comments that are not inside a URL). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

/** Every value export of every entry, with the entries that offer it. */
async function publicExports(): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const [entry, load] of Object.entries(ENTRIES)) {
    for (const name of Object.keys(await load())) names.set(name, [...(names.get(name) ?? []), entry]);
  }
  return names;
}

describe("public exports are shown in the example app or a story", () => {
  it("uses every export of react-oidc-apis, /query, /vault and /router somewhere in example-app/src or stories/", async () => {
    // Code only: a name mentioned in a comment is not shown to anyone.
    const text = SHOWCASES.flatMap((dir) => filesUnder(join(ROOT, dir)))
      .map((file) => withoutComments(readFileSync(file, "utf8")))
      .join("\n");
    const exports = await publicExports();
    const unshown = [...exports]
      .filter(([name]) => !PROTOCOL_PAIR.test(name) && !(name in NOT_SHOWN))
      .filter(([name]) => !new RegExp(`\\b${name}\\b`).test(text))
      .map(([name, entries]) => `${name} (${entries.join(", ")})`);
    expect(unshown).toEqual([]);
    // Hooks and components are never exempt.
    expect(Object.keys(NOT_SHOWN).filter((name) => /^(use[A-Z]|[A-Z]\w*(Provider|Login|Inspector)$)/.test(name))).toEqual([]);
  });

  it("lists no exemption that is not an export any more", async () => {
    const exports = await publicExports();
    expect(Object.keys(NOT_SHOWN).filter((name) => !exports.has(name))).toEqual([]);
  });

  it("knows the entries' exports (the list is read from the modules, not written by hand)", async () => {
    const exports = await publicExports();
    expect(exports.get("useVaultSecret")).toEqual(["react-oidc-apis/query"]);
    expect(exports.get("authedQueryKey")).toEqual(["react-oidc-apis/query"]);
    expect(exports.has("authedQueryKeyRoot")).toBe(false);
    expect(exports.has("AuthedQueryCacheGuard")).toBe(false);
    expect(exports.has("useConnectQueryClient")).toBe(false);
  });
});
