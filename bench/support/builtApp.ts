// A bench page built for production (`vite build`, minified, one bundle per page plus its lazy chunks) and served as
// static files, as an app ships: the kit and oidc-spa then load the same way, and the dev server's per-module
// transforms (the kit's ~80 source files) stop counting against whichever library has more modules.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build, type Plugin } from "vite";
import { serveStatic } from "../../test/e2e/support/staticServer";

/** What the page reads at start from `/e2e-config.json`. */
export type BenchPageConfig = Record<string, unknown>;

/** A page being served: its URL, its runtime configuration (a file beside the bundle), and how to stop serving it. */
export interface ServedPage {
  url: string;
  setConfig(config: BenchPageConfig): void;
  close(): Promise<void>;
}

const src = (path: string) => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

/**
 * The repository's package.json says `sideEffects: false` (true of the kit), and the pages live inside it: a page module
 * loaded by dynamic import (oidc-spa's main.lazy.tsx) was shaken down to its first statement. A page's own modules run
 * for their effects.
 */
function pageHasEffects(root: string): Plugin {
  return {
    name: "bench-page-has-effects",
    transform(code, id) {
      return id.startsWith(root) ? { code, moduleSideEffects: true } : undefined;
    },
  };
}

/** Builds the page at `root` (its index.html) for production into a temporary folder and serves it on 127.0.0.1. */
export async function startBuiltApp(root: string): Promise<ServedPage> {
  const outDir = mkdtempSync(join(tmpdir(), "roa-bench-page-"));
  await build({
    configFile: false,
    root,
    logLevel: "silent",
    mode: "production",
    plugins: [react(), pageHasEffects(root)],
    resolve: {
      alias: [
        { find: /^react-oidc-apis$/, replacement: src("index.ts") },
        { find: /^react-oidc-apis\/(core|vault|query|router|testing)$/, replacement: `${src("")}$1/index.ts` },
      ],
    },
    // Top-level await in the pages (the config fetch) needs a modern target.
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      sourcemap: false,
      reportCompressedSize: false,
    },
  });
  const server = await serveStatic(outDir);
  return {
    url: `${server.url}/`,
    setConfig: (config) => writeFileSync(join(outDir, "e2e-config.json"), JSON.stringify(config)),
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
