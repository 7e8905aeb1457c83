import type { ViteDevServer } from "vite";

/** Starts `server` on the free port Vite picked and hands out its URL, a config setter and `close`. */
export async function listenWithConfig<Config>(
  server: ViteDevServer,
  setConfig: (config: Config) => void,
): Promise<{ url: string; setConfig: (config: Config) => void; close: () => Promise<void> }> {
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === "string") throw new Error("Vite did not bind a port");
  return { url: `http://127.0.0.1:${address.port}/`, setConfig, close: () => server.close() };
}
