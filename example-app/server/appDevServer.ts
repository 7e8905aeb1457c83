// The example app served by Vite in dev mode, importing the kit straight from src/ under its published names.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { createServer, type Alias, type Plugin, type ViteDevServer } from "vite";
import type { RuntimeConfig } from "../src/runtimeConfig";

/** Options of `startAppDevServer`. */
export interface AppDevServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. A taken fixed port is an error (the IdP knows the redirect URI). */
  port: number;
  /** Host name in the app's URL. Default: `"127.0.0.1"`. */
  host?: string;
  /** The runtime configuration, read on every `/config.json` request (it is only complete once every server runs). */
  runtimeConfig: () => RuntimeConfig | undefined;
  /** Vite's log level. Default: `"warn"`. */
  logLevel?: "info" | "warn" | "error" | "silent";
}

/** A running app server. */
export interface AppDevServer {
  /** The app's URL with a trailing slash, e.g. `http://127.0.0.1:5173/` (also its redirect URI). */
  url: string;
  /** Its port. */
  port: number;
  /** Stop Vite. */
  close(): Promise<void>;
}

const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// Exact-match aliases: a plain string alias would also rewrite "react-oidc-apis/vault" into "src/index.ts/vault".
const KIT_ALIASES: Alias[] = [
  { find: /^react-oidc-apis$/, replacement: repoFile("src/index.ts") },
  ...["core", "vault", "query", "router", "testing"].map((entry) => ({
    find: new RegExp(`^react-oidc-apis/${entry}$`),
    replacement: repoFile(`src/${entry}/index.ts`),
  })),
];

// Listed up front with discovery off: a dependency found mid-session makes Vite reload the page, which would
// cut an OIDC redirect chain in half.
const PREBUNDLED = [
  "react",
  "react-dom",
  "react-dom/client",
  "react/jsx-runtime",
  "react/jsx-dev-runtime",
  "react-router",
  "react-router/dom",
  "@tanstack/react-query",
];

function runtimeConfigRoute(get: () => RuntimeConfig | undefined): Plugin {
  return {
    name: "example-runtime-config",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        const config = get();
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Type", "application/json");
        res.statusCode = config ? 200 : 503;
        res.end(JSON.stringify(config ?? { error: "the example stack is still starting" }));
      });
    },
  };
}

/** Start Vite for `example-app/` on 127.0.0.1, serving `/config.json` from `runtimeConfig()`. */
export async function startAppDevServer(options: AppDevServerOptions): Promise<AppDevServer> {
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: repoFile("example-app"),
    cacheDir: repoFile("node_modules/.vite/example-app"),
    logLevel: options.logLevel ?? "warn",
    clearScreen: false,
    plugins: [react(), runtimeConfigRoute(options.runtimeConfig)],
    resolve: { alias: KIT_ALIASES, dedupe: ["react", "react-dom", "react-router", "@tanstack/react-query"] },
    server: { host: "127.0.0.1", port: options.port, strictPort: options.port !== 0 },
    optimizeDeps: { noDiscovery: true, include: PREBUNDLED },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("Vite did not bind a TCP port");
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}/`,
    port: address.port,
    close: () => server.close(),
  };
}
