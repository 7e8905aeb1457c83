// Which modules the main path's consumer bundle loads at start, by minified bytes (esbuild metafile), from src/ (no build
// needed), React external. Finds what to shrink; bench/size.ts is the measure. Run: npx tsx bench/size/modules.ts [out.js]
// (out.js: the start chunks, concatenated, to read).
import { build } from "esbuild";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { SIZE_ENTRIES } from "./entries";
const repo = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "mods-"));
const entry = join(dir, "main.tsx");
writeFileSync(entry, SIZE_ENTRIES["react-oidc-apis"]!);
const result = await build({
  entryPoints: [entry], bundle: true, splitting: true, format: "esm", minify: true, treeShaking: true, write: true,
  outdir: join(dir, "out"), metafile: true, jsx: "automatic",
  define: { "process.env.NODE_ENV": '"production"', "import.meta.env.DEV": "false", "import.meta.env.PROD": "true" },
  alias: { "react-oidc-apis": join(repo, "src/index.ts") },
  external: ["react", "react-dom", "react/jsx-runtime", "react-dom/client"],
  nodePaths: [join(repo, "node_modules")], logLevel: "silent",
});
const outputs = result.metafile.outputs;
const entryOut = Object.keys(outputs).find((f) => outputs[f]!.entryPoint !== undefined)!;
const atStart = new Set<string>();
const visit = (f: string) => { if (atStart.has(f)) return; atStart.add(f); for (const i of outputs[f]!.imports) if (i.kind === "import-statement" && outputs[i.path]) visit(i.path); };
visit(entryOut);
const mods: Record<string, number> = {};
let total = 0, gz = 0;
for (const f of atStart) { gz += gzipSync(readFileSync(resolve(f)), { level: 9 }).length; for (const [m, v] of Object.entries(outputs[f]!.inputs)) { mods[m] = (mods[m] ?? 0) + v.bytesInOutput; total += v.bytesInOutput; } }
const rows = Object.entries(mods).sort((a, b) => b[1] - a[1]);
for (const [m, b] of rows) console.log((b / 1024).toFixed(2).padStart(6), m.replace(/.*size-wt\//, ""));
console.log(`total min ${(total/1024).toFixed(2)} KB, gzip at start ${(gz/1024).toFixed(2)} KB (react external)`);
if (process.argv[2]) writeFileSync(process.argv[2], [...atStart].map((f) => readFileSync(resolve(f), "utf8")).join("\n"));
