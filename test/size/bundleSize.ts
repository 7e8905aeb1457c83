// How many bytes an app ships for some source: bundled for production with esbuild (minified, tree-shaken, split at
// every import(), NODE_ENV=production as a bundler's production build sets it), gzip level 9 per chunk. Chunks reached
// through static imports are what a page loads at start; the rest load behind an import(). Needs a built dist/.
import { build } from "esbuild";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const repo = resolve(import.meta.dirname, "../..");

/** The package's entries, as a consumer imports them, mapped to the built files. */
const entries: Record<string, string> = {
  "react-oidc-apis": "dist/index.js",
  "react-oidc-apis/core": "dist/core.js",
  "react-oidc-apis/vault": "dist/vault.js",
  "react-oidc-apis/query": "dist/query.js",
  "react-oidc-apis/router": "dist/router.js",
};

/** gzip bytes of one bundle. */
export interface BundleSize {
  /** The entry chunk and every chunk it imports statically. */
  atStart: number;
  /** Each chunk only reached by an import(), by its name up to the first hyphen, hashes dropped (e.g. "dpopSession"). */
  lazy: Record<string, number>;
}

/** Bundles `source` (TSX) in `work`; `external` packages are left out (counted as already in the app). */
export async function bundleSize(source: string, work: string, external: string[] = []): Promise<BundleSize> {
  const dir = mkdtempSync(join(work, "entry-"));
  const entry = join(dir, "main.tsx");
  const withDist = source.replace(/from "(react-oidc-apis(?:\/\w+)?)"/g, (whole, name: string) =>
    entries[name] ? `from ${JSON.stringify(join(repo, entries[name]))}` : whole,
  );
  writeFileSync(entry, withDist);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: "esm",
    minify: true,
    treeShaking: true,
    write: true,
    outdir: join(dir, "out"),
    metafile: true,
    jsx: "automatic",
    external,
    define: { "process.env.NODE_ENV": '"production"', "import.meta.env.DEV": "false", "import.meta.env.PROD": "true" },
    nodePaths: [join(repo, "node_modules")],
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((file) => outputs[file]!.entryPoint !== undefined)!;
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === "import-statement" && outputs[imported.path]) visit(imported.path);
  };
  visit(entryOut);
  const startFiles = new Set([...atStart].map((file) => resolve(file)));
  const size: BundleSize = { atStart: 0, lazy: {} };
  for (const name of readdirSync(join(dir, "out")).filter((file) => file.endsWith(".js"))) {
    const file = join(dir, "out", name);
    const gz = gzipSync(readFileSync(file), { level: 9 }).length;
    if (startFiles.has(file)) size.atStart += gz;
    else size.lazy[name.split("-")[0]!] = (size.lazy[name.split("-")[0]!] ?? 0) + gz;
  }
  return size;
}

/** Kilobytes (1024 bytes) with two decimals. */
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(2)} KB`;
