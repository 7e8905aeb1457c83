// The Glewlwyd process: spawned on a free port of 127.0.0.1, its console output kept for diagnostics,
// ready once it answers HTTP, stopped on close.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { DEBIAN_PATHS } from "./serverFiles";

/** How long a start may take before it counts as failed (it takes well under a second). */
const READY_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 20;
/** Console lines kept: enough for a failing test's diagnostics, bounded for long runs. */
const MAX_LOG_LINES = 2_000;

/** A free TCP port on 127.0.0.1 (released again before Glewlwyd binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("No free port"))));
    });
  });
}

/** A running Glewlwyd process. */
export interface ServerProcess {
  /** Its stdout and stderr so far, one log line per line. */
  logs(): string;
  /** SIGTERM, then SIGKILL if it has not exited after 3 s. */
  stop(): Promise<void>;
}

/** Spawn Glewlwyd with `configFile` and resolve once `readyUrl` answers (any HTTP status). */
export async function startServerProcess(configFile: string, readyUrl: string): Promise<ServerProcess> {
  const child = spawn(DEBIAN_PATHS.binary, ["-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split("\n").filter((line) => line.length > 0));
    if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<string>((resolve) => {
    child.once("error", (error) => resolve(`could not start: ${error.message}`));
    child.once("exit", (code, signal) => resolve(`exited (code ${code}, signal ${signal})`));
  });
  // A test worker that dies without calling close must not leave Glewlwyd running.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const logs = () => lines.join("\n");
  const server: ServerProcess = {
    logs,
    stop: async () => {
      process.off("exit", killOnExit);
      await stopChild(child);
    },
  };

  let exitReason: string | undefined;
  void exited.then((reason) => (exitReason = reason));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (exitReason === undefined) {
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return server;
    } catch {
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`Glewlwyd did not answer ${readyUrl} within ${READY_TIMEOUT_MS} ms.\n${logs()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }
  await server.stop();
  throw new Error(`Glewlwyd ${exitReason} before answering ${readyUrl}.\n${logs()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}
