import { resolve } from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import "./test/support/node20Polyfills.ts";

const entries = {
  index: "src/index.ts",
  core: "src/core/index.ts",
  vault: "src/vault/index.ts",
  query: "src/query/index.ts",
  router: "src/router/index.ts",
  testing: "src/testing/index.ts",
};

// Everything the consumer already has stays external so each entry ships only the kit's own code.
const external = [/^react($|\/)/, /^react-dom($|\/)/, /^@tanstack\//, /^react-router($|\/)/];

// The development switch (src/core/platform/development.ts) reads Vite's `import.meta.env` in the consumer's build, not
// in ours: library mode would replace it with our own `false` now. Hidden from our define, restored in the output.
const viteDevRead = "(import.meta as { env?: { DEV?: boolean } }).env?.DEV";
const viteDevPlaceholder = "__REACT_OIDC_APIS_VITE_DEV__";
const keepConsumerViteEnv = {
  name: "keep-consumer-vite-env",
  enforce: "pre" as const,
  apply: "build" as const,
  transform: (code: string) => (code.includes(viteDevRead) ? code.replaceAll(viteDevRead, viteDevPlaceholder) : null),
  renderChunk: (code: string) => (code.includes(viteDevPlaceholder) ? code.replaceAll(viteDevPlaceholder, "import.meta.env?.DEV") : null),
};

export default defineConfig({
  plugins: [react(), keepConsumerViteEnv],
  // Tests import the package by its public names; they must exercise the source, built or not.
  resolve: {
    alias: [
      { find: /^react-oidc-apis$/, replacement: resolve(import.meta.dirname, "src/index.ts") },
      { find: /^react-oidc-apis\/(core|vault|query|router|testing)$/, replacement: resolve(import.meta.dirname, "src/$1/index.ts") },
    ],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    lib: {
      entry: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, resolve(import.meta.dirname, path)])),
      formats: ["es"],
    },
    rolldownOptions: {
      external,
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name]-[hash].js",
        // The DEV switch is a `const` alone in its chunk: esbuild inlines a constant across modules only then (not a `var`,
        // not one declared after an import), so a consumer's production build drops every `DEV && ...` text.
        topLevelVar: false,
        manualChunks: (id: string) => (id.endsWith("/src/core/platform/development.ts") ? "development" : undefined),
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          environment: "happy-dom",
          include: ["test/unit/**/*.test.{ts,tsx}"],
          provide: { reactRouterMajor: 8 },
          setupFiles: ["test/support/unitSetup.ts"],
        },
      },
      {
        // The router entry promises React Router 7 as well as 8: run its tests again against v7.
        extends: true,
        resolve: {
          alias: [
            // Both to v7's ESM build: a CJS entry beside ESM chunks would make two router contexts.
            { find: /^react-router$/, replacement: resolve(import.meta.dirname, "node_modules/react-router-v7/dist/development/index.mjs") },
            { find: /^react-router\/dom$/, replacement: resolve(import.meta.dirname, "node_modules/react-router-v7/dist/development/dom-export.mjs") },
          ],
        },
        test: {
          name: "unit-react-router-7",
          environment: "happy-dom",
          provide: { reactRouterMajor: 7 },
          include: ["test/unit/router/**/*.test.{ts,tsx}"],
          setupFiles: ["test/support/unitSetup.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          environment: "node",
          include: ["test/integration/**/*.test.{ts,tsx}"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Seeded property tests (fast-check, >= 10^4 runs each) of everything that decides where a credential goes.
        extends: true,
        test: {
          name: "fuzz",
          environment: "node",
          include: ["test/fuzz/**/*.test.ts"],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
