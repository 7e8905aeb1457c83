// The kit ships for bundlers: `process` here is whatever the bundler makes of it, never a Node dependency.
declare const process: { env: { NODE_ENV?: string } } | undefined;

/**
 * True in development builds, false in production ones. Bundlers replace `process.env.NODE_ENV` (webpack, Next.js, esbuild,
 * Parcel, Vite) or `import.meta.env` (Vite), so in a production build this is the constant `false` and every `DEV && ...`
 * branch (the long how-to-fix explanations, the warnings) is dropped from the bundle, as React does. Where `process` does
 * not exist (a Vite dev server's page, a page with no bundler) Vite's `import.meta.env.DEV` decides, else production.
 * Unbundled Node (tests, a server) reads `NODE_ENV` at load time.
 *
 * Write development text as an inline expression, `DEV && \`...\`` or `DEV ? \`...\` : ""`: esbuild inlines this constant
 * only after tree shaking, so it drops an expression's dead operand but neither an `if (DEV) { ... }` block nor a helper
 * function that only development text calls.
 */
export const DEV: boolean =
  typeof process === "undefined"
    ? (import.meta as { env?: { DEV?: boolean } }).env?.DEV === true
    : process.env.NODE_ENV !== "production";
