// Consumer bundle size, side by side: each library's minimal React app (bench/size/entries.ts) bundled for production
// with esbuild (minified, tree-shaken, NODE_ENV=production), gzip of everything the page loads at start, minus bare
// React's. Lazily imported chunks that the page does not load at start are listed apart. Needs a built dist/.
// Run: npm run bench:size
import { build } from "esbuild";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { SIZE_ENTRIES } from "./size/entries";

const repo = resolve(import.meta.dirname, "..");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

interface Measure {
  /** gzip bytes of the entry chunk and the chunks it imports statically. */
  atStart: number;
  /** gzip bytes of chunks only reached by a dynamic import. */
  lazy: number;
}

async function measure(source: string, work: string): Promise<Measure> {
  const dir = mkdtempSync(join(work, "entry-"));
  const entry = join(dir, "main.tsx");
  writeFileSync(entry, source);
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
    define: { "process.env.NODE_ENV": '"production"', "import.meta.env.DEV": "false", "import.meta.env.PROD": "true" },
    alias: { "react-oidc-apis": join(repo, "dist/index.js") },
    nodePaths: [join(repo, "node_modules")],
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find((file) => outputs[file]!.entryPoint !== undefined)!;
  // Everything reachable from the entry through static imports is loaded at start.
  const atStart = new Set<string>();
  const visit = (file: string) => {
    if (atStart.has(file)) return;
    atStart.add(file);
    for (const imported of outputs[file]!.imports) if (imported.kind === "import-statement") visit(imported.path);
  };
  visit(entryOut);
  const gz = (file: string) => gzipSync(readFileSync(resolve(file)), { level: 9 }).length;
  const js = readdirSync(join(dir, "out")).map((file) => join(dir, "out", file)).filter((file) => file.endsWith(".js"));
  const startFiles = new Set([...atStart].map((file) => resolve(file)));
  let start = 0;
  let lazy = 0;
  for (const file of js) (startFiles.has(file) ? (start += gz(file)) : (lazy += gz(file)));
  return { atStart: start, lazy };
}

const work = mkdtempSync(join(tmpdir(), "roa-size-"));
try {
  const results: Record<string, Measure> = {};
  for (const [name, source] of Object.entries(SIZE_ENTRIES)) results[name] = await measure(source, work);
  const baseline = results["react (baseline)"]!.atStart;
  const ours = results["react-oidc-apis"]!.atStart - baseline;
  console.log(`Consumer bundle, gzip (level 9), esbuild production build; bare React app: ${kb(baseline)}\n`);
  console.log("| library | added, static imports | behind import() | × react-oidc-apis (static) |");
  console.log("|---|---|---|---|");
  for (const [name, { atStart, lazy }] of Object.entries(results)) {
    if (name === "react (baseline)") continue;
    const added = atStart - baseline;
    console.log(`| ${name} | ${kb(added)} | ${lazy ? kb(lazy) : "—"} | ${(added / ours).toFixed(2)} |`);
  }
  console.log("\n`behind import()` counts every lazily imported chunk, whether or not a page ever loads it (oidc-spa's");
  console.log("bootstrap imports its core at start; some of its chunks serve options this app does not use).");
} finally {
  rmSync(work, { recursive: true, force: true });
}
