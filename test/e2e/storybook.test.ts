import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./support/chromium";
import { serveStatic } from "./support/staticServer";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outDir = join(root, "storybook-static");
const indexFile = join(outDir, "index.json");
// Whatever the static build is made of; a change to any of them makes the build stale.
const inputs = ["src", "stories", ".storybook", "package.json", "package-lock.json", "vite.config.ts"].map((p) => join(root, p));

function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Builds Storybook unless `storybook-static/` is newer than every input; returns how the build went. */
function ensureBuilt(): string {
  if (existsSync(indexFile) && statSync(indexFile).mtimeMs > Math.max(...inputs.map(newestChange))) return "reused a fresh build";
  const started = Date.now();
  const result = spawnSync("npm", ["run", "--silent", "build-storybook"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: "1", FORCE_COLOR: "0" },
  });
  if (result.status !== 0) throw new Error(`npm run build-storybook failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return `built in ${Date.now() - started} ms`;
}

interface IndexEntry {
  type: "story" | "docs";
  id: string;
  title: string;
  name: string;
  importPath: string;
}

// At collection time, so that every story gets its own test.
const buildNote = ensureBuilt();
const stories = Object.values((JSON.parse(readFileSync(indexFile, "utf8")) as { entries: Record<string, IndexEntry> }).entries).filter(
  (entry) => entry.type === "story",
);

let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  server = await serveStatic(outDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe(`Storybook (${buildNote})`, () => {
  it("indexes at least one story from every stories/*.stories.tsx file", () => {
    const files = readdirSync(join(root, "stories")).filter((name) => name.endsWith(".stories.tsx"));
    expect(files.length).toBeGreaterThan(0);
    const indexed = new Set(stories.map((story) => story.importPath.replace(/^\.\/stories\//, "")));
    expect([...indexed].sort()).toEqual(files.sort());
  });

  it.each(stories.map((story) => [`${story.title} / ${story.name}`, story] as const))(
    "%s renders without console or page errors",
    async (_label, story) => {
      const problems: string[] = [];
      const page = await browser.context.newPage();
      page.on("console", (message) => {
        // Chromium asks for /favicon.ico on its own; Storybook's iframe has none, and that is no story's fault.
        if (message.type() !== "error" || message.location().url.endsWith("/favicon.ico")) return;
        problems.push(`console.error: ${message.text()} (${message.location().url})`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("response", (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
      });
      // Stories must not need the network; anything off the local server is a bug in the story. (Observed, not
      // routed: routing would turn off the HTTP cache that lets 30 pages share one download of Storybook.)
      page.on("request", (request) => {
        if (!/^(data|blob):/.test(request.url()) && !request.url().startsWith(`${server.url}/`)) {
          problems.push(`request off the local server: ${request.url()}`);
        }
      });
      try {
        await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
        const body = await page.waitForSelector("body.sb-show-main, body.sb-show-errordisplay, body.sb-show-nopreview", {
          state: "attached",
          timeout: 10_000,
        });
        const shown = (await body.getAttribute("class")) ?? "";
        if (!shown.includes("sb-show-main")) {
          const message = await page.locator("#error-message, #error-stack").allInnerTexts();
          throw new Error(`Storybook shows an error instead of "${story.id}" (${shown}): ${message.join("\n")}`);
        }
        // Let effects settle (token requests, Vault logins) so errors they raise are seen too.
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 150)));
        const text = await page.locator("#storybook-root").innerText();
        expect(text.trim(), `"${story.id}" rendered nothing`).not.toBe("");
        expect(problems, `"${story.id}" (${story.importPath})`).toEqual([]);
      } finally {
        await page.close();
      }
    },
  );
});
