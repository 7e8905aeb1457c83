import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import { listenWithConfig } from "./viteListen";

/** What the e2e page reads at start: the IdP, the named clients and how to restore the session. */
export type E2eAppConfig = Record<string, unknown>;

/** Serves `/e2e-config.json` from memory so a test can change the page's configuration between loads. */
function runtimeConfig(get: () => E2eAppConfig): Plugin {
  return {
    name: "e2e-runtime-config",
    configureServer(server) {
      server.middlewares.use("/e2e-config.json", (_req, res) => {
        res.setHeader("content-type", "application/json");
        res.setHeader("cache-control", "no-store");
        res.end(JSON.stringify(get()));
      });
    },
  };
}

const src = (path: string) => fileURLToPath(new URL(`../../../src/${path}`, import.meta.url));

/** A test page (default: test/e2e/app) served by Vite on 127.0.0.1, importing the kit from src/. */
export async function startE2eApp(
  root = fileURLToPath(new URL("../app", import.meta.url)),
): Promise<{ url: string; setConfig: (config: E2eAppConfig) => void; close: () => Promise<void> }> {
  let current: E2eAppConfig = {};
  const server: ViteDevServer = await createServer({
    configFile: false,
    root,
    logLevel: "silent",
    plugins: [react(), runtimeConfig(() => current)],
    resolve: {
      alias: [
        { find: /^react-oidc-apis$/, replacement: src("index.ts") },
        { find: /^react-oidc-apis\/(core|vault|query|router|testing)$/, replacement: `${src("")}$1/index.ts` },
      ],
    },
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
    optimizeDeps: { noDiscovery: true, include: ["react", "react-dom/client", "react/jsx-dev-runtime"] },
  });
  return listenWithConfig(server, (config) => {
    current = config;
  });
}
