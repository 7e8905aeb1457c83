import { fileURLToPath } from "node:url";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

const src = (path: string) => fileURLToPath(new URL(`../../../../src/${path}`, import.meta.url));

// React Router's framework-mode plugin wants a config file of its own; the test adds its runtime-config plugin inline.
export default defineConfig({
  plugins: [reactRouter()],
  resolve: {
    alias: [
      { find: /^react-oidc-apis$/, replacement: src("index.ts") },
      { find: /^react-oidc-apis\/(core|vault|query|router|testing)$/, replacement: `${src("")}$1/index.ts` },
    ],
  },
});
