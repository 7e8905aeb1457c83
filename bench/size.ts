// Consumer bundle size, side by side: each library's minimal React app (bench/size/entries.ts) bundled for production
// (test/size/bundleSize.ts), gzip of what the page loads at start minus bare React's, and apart what it loads behind
// import(). Needs a built dist/. Run: npm run bench:size
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleSize, kb, type BundleSize } from "../test/size/bundleSize";
import { SIZE_ENTRIES } from "./size/entries";

const work = mkdtempSync(join(tmpdir(), "roa-size-"));
try {
  const results: Record<string, BundleSize> = {};
  for (const [name, source] of Object.entries(SIZE_ENTRIES)) results[name] = await bundleSize(source, work);
  const baseline = results["react (baseline)"]!.atStart;
  const ours = results["react-oidc-apis"]!.atStart - baseline;
  console.log(`Consumer bundle, gzip (level 9), esbuild production build; bare React app: ${kb(baseline)}\n`);
  console.log("| library | added, static imports | behind import() | × react-oidc-apis (static) |");
  console.log("|---|---|---|---|");
  for (const [name, { atStart, lazy }] of Object.entries(results)) {
    if (name === "react (baseline)") continue;
    const added = atStart - baseline;
    const lazyBytes = Object.values(lazy).reduce((sum, bytes) => sum + bytes, 0);
    console.log(`| ${name} | ${kb(added)} | ${lazyBytes ? kb(lazyBytes) : "—"} | ${(added / ours).toFixed(2)} |`);
  }
  console.log("\n`behind import()` counts every lazily imported chunk, whether or not a page ever loads it (oidc-spa's");
  console.log("bootstrap imports its core at start; some of its chunks serve options this app does not use).");
} finally {
  rmSync(work, { recursive: true, force: true });
}
