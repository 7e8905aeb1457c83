// @vitest-environment node
// React Server Components hosts (Next.js App Router) need "use client" as the first statement of every published
// entry that holds hooks, and none on the entries server code may import. The library build must keep it there.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const outDir = mkdtempSync(join(tmpdir(), "roa-build-"));

beforeAll(async () => {
  await build({ root, configFile: join(root, "vite.config.ts"), logLevel: "silent", build: { outDir, emptyOutDir: true, sourcemap: false } });
}, 60_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const firstStatement = (entry: string): string =>
  readFileSync(join(outDir, `${entry}.js`), "utf8")
    .replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "")
    .split(/[;\n]/, 1)[0]!
    .trim();

describe("the library build", () => {
  it.each(["index", "query", "vault"])('starts the React entry %s.js with "use client"', (entry) => {
    expect(firstStatement(entry)).toBe('"use client"');
  });

  it.each(["core", "router", "testing"])('leaves "use client" off %s.js, which servers may import', (entry) => {
    expect(readFileSync(join(outDir, `${entry}.js`), "utf8")).not.toContain("use client");
  });
});
