// The kit ships for bundlers: `process` here is whatever the bundler makes of it, never a Node dependency.
declare const process: { env: { NODE_ENV?: string } } | undefined;

/**
 * True in development builds, false in production ones. Bundlers replace `process.env.NODE_ENV` (webpack, Next.js, esbuild,
 * Parcel, Vite) or `import.meta.env` (Vite), so in a production build this is the constant `false` and every `DEV && ...`
 * branch (the long how-to-fix explanations, the warnings) is dropped from the bundle, as React does. Where `process` does
 * not exist (a Vite dev server's page, a page with no bundler) Vite's `import.meta.env.DEV` decides, else production.
 * Unbundled Node (tests, a server) reads `NODE_ENV` at load time.
 */
export const DEV: boolean =
  typeof process === "undefined"
    ? (import.meta as { env?: { DEV?: boolean } }).env?.DEV === true
    : process.env.NODE_ENV !== "production";
