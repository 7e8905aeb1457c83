// Page side of the live benches: counters and logs kept outside React (so counting never causes a
// render), exposed as window.benchProbe for the Node driver. Imported by both live pages.
import type { PollRecord, ProbeData } from "./probeData";

/** The probe a page records into. */
export interface PageProbe {
  /** Count one render of `component`; `token` is the token of its own API it rendered with, if it sees one. */
  render(component: string, token?: string): void;
  /** Observe the current status and token of `api`; records only changes. */
  tokenState(api: string, status: string, token: string | undefined): void;
  /** Observe the session status; records only changes. */
  session(status: string): void;
  /** Call `once` every `intervalMs` (never two at a time), recording each outcome; returns the stop function. */
  poll(api: string, intervalMs: number, once: () => Promise<number>): () => void;
}

const emptyData = (): ProbeData => ({ since: Date.now(), renders: {}, tokens: {}, statuses: {}, session: [], polls: [], skippedPolls: {} });

const tailOf = (token: string) => token.slice(-10);

function errorText(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message.slice(0, 120) : String(error).slice(0, 120);
}

/** Installs `window.benchProbe` (`data`, `reset()`) and returns the recorder. */
export function installProbe(): PageProbe {
  let data = emptyData();
  // Last values seen, kept across resets so the first change after a reset is still a change.
  const lastRenderToken = new Map<string, string | undefined>();
  const lastStatus = new Map<string, string>();
  const lastToken = new Map<string, string>();
  let lastSession: string | undefined;

  (window as unknown as { benchProbe: unknown }).benchProbe = {
    get data() {
      return data;
    },
    reset() {
      data = emptyData();
    },
  };

  return {
    render(component, token) {
      const count = (data.renders[component] ??= { total: 0, withNewToken: 0 });
      count.total++;
      if (token !== undefined && token !== lastRenderToken.get(component)) count.withNewToken++;
      lastRenderToken.set(component, token);
    },
    tokenState(api, status, token) {
      const at = Date.now();
      if (lastStatus.get(api) !== status) {
        lastStatus.set(api, status);
        (data.statuses[api] ??= []).push({ at, status });
      }
      if (token !== undefined && lastToken.get(api) !== token) {
        lastToken.set(api, token);
        (data.tokens[api] ??= []).push({ at, tail: tailOf(token) });
      }
    },
    session(status) {
      if (status === lastSession) return;
      lastSession = status;
      data.session.push({ at: Date.now(), status });
    },
    poll(api, intervalMs, once) {
      let running = false;
      const tick = () => {
        if (running) {
          data.skippedPolls[api] = (data.skippedPolls[api] ?? 0) + 1;
          return;
        }
        running = true;
        const startedAt = Date.now();
        const record = (status: number, error?: string) => {
          const entry: PollRecord = { api, startedAt, endedAt: Date.now(), status };
          if (error !== undefined) entry.error = error;
          data.polls.push(entry);
          running = false;
        };
        once().then(
          (status) => record(status),
          (error: unknown) => record(0, errorText(error)),
        );
      };
      tick();
      const handle = setInterval(tick, intervalMs);
      return () => clearInterval(handle);
    },
  };
}
