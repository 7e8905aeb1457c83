// The README's Next.js App Router recipe, end to end: `app/providers.tsx` ("use client") creates the instance at module
// scope and renders <OidcProvider>, `app/layout.tsx` (a server component) wraps every page in it. The app is built with
// `next build` against the package's own build (dist/, as a consumer gets it) and served by `next start`; the server's
// HTML shows the session initializing, the browser hydrates it without a warning and logs in at the real dev IdP.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { launchChromium } from "./support/chromium";
import { submitDevIdpLogin } from "./support/devIdpForm";

const appDir = fileURLToPath(new URL("./nextApp", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const nextBin = `${repoRoot}node_modules/next/dist/bin/next`;

let idp: DevIdp;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let server: ChildProcess | undefined;
let appUrl: string;
/** Everything `next start` printed: a server render that throws shows up here. */
const serverOutput: string[] = [];

/** A port free now on 127.0.0.1 (Next takes a port number, not 0). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address && typeof address !== "string" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Runs `next <args>` in the app folder; its own process group, so the whole tree can be stopped. */
function next(args: string[], env: Record<string, string>, output: string[]): ChildProcess {
  const child = spawn(process.execPath, [nextBin, ...args], {
    cwd: appDir,
    // Vitest sets NODE_ENV=test, which Next refuses as non-standard: build and serve as a consumer deploys.
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}

async function build(env: Record<string, string>): Promise<void> {
  const output: string[] = [];
  const child = next(["build"], env, output);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`next build failed (${code}):\n${output.join("")}`);
}

async function start(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = next(["start", "--hostname", "127.0.0.1", "--port", String(port)], env, serverOutput);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${serverOutput.join("")}`);
    try {
      await fetch(`http://127.0.0.1:${port}/favicon.ico`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`next start did not answer within 30 s:\n${serverOutput.join("")}`);
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  return exited;
}

beforeAll(async () => {
  if (!existsSync(`${repoRoot}dist/index.js`)) throw new Error("the Next app imports the package's build: run `npm run build` first");
  const startedAt = Date.now();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}/`;
  idp = await startDevIdp({ redirectUris: [appUrl] });
  const { todos } = DEV_CATALOGUE.dedicated;
  const env = {
    NEXT_PUBLIC_E2E_ISSUER: idp.issuer,
    NEXT_PUBLIC_E2E_APP_CLIENT_ID: DEV_CATALOGUE.loginClientId,
    NEXT_PUBLIC_E2E_APP_SCOPE: DEV_CATALOGUE.loginScope,
    NEXT_PUBLIC_E2E_TODOS_CLIENT_ID: todos.clientId,
    NEXT_PUBLIC_E2E_TODOS_SCOPE: todos.scope,
    NEXT_PUBLIC_E2E_TODOS_AUDIENCE: todos.audience,
  };
  await build(env);
  const builtAt = Date.now();
  server = await start(port, env);
  browser = await launchChromium();
  console.info(`next build ${builtAt - startedAt} ms, next start ${Date.now() - builtAt} ms (with Chromium's launch)`);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([stop(server), idp?.close()]);
});

/** Every console error and warning of the app's pages, and every uncaught error, as text. */
function recordConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() !== "error" && message.type() !== "warning") return;
    const from = message.location().url;
    // The IdP's own pages are not the app's business.
    if (/^Failed to load resource/.test(message.text()) && !from.startsWith(appUrl)) return;
    messages.push(`${message.type()}: ${message.text()} (${from})`);
  });
  page.on("pageerror", (error) => messages.push(`pageerror: ${error.message}`));
  return messages;
}

/** Lines of the server's output that report an error (Next prefixes them with ⨯). */
const serverErrors = (): string[] => serverOutput.join("").split("\n").filter((line) => /⨯|error/i.test(line));

describe("Next.js App Router: the README recipe (providers.tsx with \"use client\", used from layout.tsx)", () => {
  it("renders on the server without error: the session initializing, the API token loading", async () => {
    const response = await fetch(appUrl);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('data-testid="session" data-status="initializing"');
    expect(html).toContain('data-testid="todos-token" data-status="loading"');
    expect(html).not.toContain('data-testid="session-error"');
    // Next's marker of a server render that threw and fell back to client rendering.
    expect(html).not.toContain("__next_error__");
    expect(html).not.toMatch(/BAILOUT_TO_CLIENT_SIDE_RENDERING|Switched to client rendering/);
    expect(serverErrors()).toEqual([]);
  });

  it("hydrates without a warning, logs in at the dev IdP and shows the user and a token for the API's audience", async () => {
    const page = await browser.context.newPage();
    const messages = recordConsole(page);
    await page.goto(appUrl);
    // Hydrated and started: no session yet.
    await expect.poll(() => page.getByTestId("session").getAttribute("data-status"), { timeout: 15_000 }).toBe("loggedOut");
    await page.getByTestId("login").click();
    await submitDevIdpLogin(page);
    await expect.poll(() => page.getByTestId("user").textContent(), { timeout: 15_000 }).toBe("alice");
    await expect.poll(() => page.getByTestId("todos-token").getAttribute("data-status"), { timeout: 15_000 }).toBe("ready");
    expect(await page.getByTestId("todos-token").textContent()).toBe(DEV_CATALOGUE.dedicated.todos.audience);
    expect(await page.getByTestId("session").getAttribute("data-status")).toBe("loggedIn");
    // Two server-rendered documents were hydrated (/ before the login, / with the code after it).
    expect(messages.filter((m) => /hydrat|did not match|server rendered/i.test(m))).toEqual([]);
    expect(messages).toEqual([]);
    expect(serverErrors()).toEqual([]);
    expect(idp.serverErrors).toEqual([]);
    await page.close();
  });
});
