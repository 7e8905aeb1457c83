import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The repository root: Turbopack resolves nothing outside its root, and the kit's build (dist/) lives there.
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * The App Router e2e app. It sits inside the package, so `react-oidc-apis` resolves by the package's own name and
 * `exports` (a self-reference) to its build, dist/ (`npm run build`), as a consumer's bundler finds it in node_modules:
 * the entries with `"use client"` on top, not the source.
 */
const config: NextConfig = {
  turbopack: {
    root: repoRoot,
  },
  outputFileTracingRoot: repoRoot,
  // The repository's own `tsc` checks these files; the test should not pay for a second type check.
  typescript: { ignoreBuildErrors: true },
  devIndicators: false,
  poweredByHeader: false,
};

export default config;
