import { fileURLToPath } from "node:url";
import type { StorybookConfig } from "@storybook/react-vite";

const src = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

const config: StorybookConfig = {
  framework: { name: "@storybook/react-vite", options: { strictMode: true } },
  stories: ["../stories/**/*.stories.tsx"],
  // Closed machine, and CI must not phone home.
  core: { disableTelemetry: true, enableCrashReports: false, disableWhatsNewNotifications: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import("vite");
    return mergeConfig(viteConfig, {
      resolve: {
        // Stories import the package as an app would; these point it at the sources, subpaths first.
        alias: [
          { find: /^react-oidc-apis\/(core|vault|query|router|testing)$/, replacement: src("$1/index.ts") },
          { find: /^react-oidc-apis$/, replacement: src("index.ts") },
        ],
      },
    });
  },
};

export default config;
