import { fileURLToPath } from "node:url";
import { createServer, type Plugin, type ViteDevServer } from "vite";
import { listenWithConfig } from "../support/viteListen";

/** What the app's `virtual:framework-e2e-config` module exports. */
export interface FrameworkAppConfig {
  issuer: string;
  todosUrl: string;
  clients: Record<string, Record<string, string>>;
}

const VIRTUAL = "virtual:framework-e2e-config";

/** The run's IdP and API, as a module both the server render and the browser import. Set before the first request. */
function runtimeConfig(get: () => FrameworkAppConfig | undefined): Plugin {
  return {
    name: "framework-e2e-config",
    resolveId: (id) => (id === VIRTUAL ? `\0${VIRTUAL}` : undefined),
    load(id) {
      if (id !== `\0${VIRTUAL}`) return undefined;
      const config = get();
      if (!config) throw new Error("framework e2e app: setConfig() before the first request");
      return Object.entries(config)
        .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`)
        .join("\n");
    },
  };
}

/**
 * The framework-mode app (test/e2e/frameworkMode/app) served by Vite with React Router's own plugin (`@react-router/dev`):
 * server rendering on, routes from app/routes.ts, the kit imported from src/.
 */
export async function startFrameworkApp(): Promise<{ url: string; setConfig: (config: FrameworkAppConfig) => void; close: () => Promise<void> }> {
  let current: FrameworkAppConfig | undefined;
  const root = fileURLToPath(new URL("./app", import.meta.url));
  const server: ViteDevServer = await createServer({
    configFile: `${root}/vite.config.ts`,
    root,
    logLevel: "silent",
    plugins: [runtimeConfig(() => current)],
    server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false },
  });
  return listenWithConfig(server, (config) => {
    current = config;
  });
}
