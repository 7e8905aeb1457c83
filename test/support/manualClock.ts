// A clock and timers that move only when a test says so, in milliseconds: timing logic is tested without sleeping.
import type { Timers } from "../../src/core/platform/timers";

export interface ManualClock {
  /** The current time, ms since the epoch. */
  now: () => number;
  /** Timers on this clock. */
  timers: Timers;
  /** Moves time forward by `ms`, running due callbacks in time order and letting promises settle after each. */
  advance(ms: number): Promise<void>;
  /** Lets pending promise callbacks (and already-resolved I/O) run without moving time. */
  flush(): Promise<void>;
  /** Delays (from now) of the callbacks still scheduled, soonest first. */
  scheduled(): number[];
}

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

export function createManualClock(start = 1_000_000): ManualClock {
  let time = start;
  let nextId = 1;
  const queue = new Map<number, Scheduled>();

  async function flush(): Promise<void> {
    // A few macrotask turns: enough for chains of awaits over an in-memory fetch.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => globalThis.setTimeout(resolve, 0));
  }

  return {
    now: () => time,
    timers: {
      setTimeout(callback, delayMs) {
        const id = nextId++;
        queue.set(id, { id, at: time + Math.max(0, Number.isFinite(delayMs) ? delayMs : 0), callback });
        return id;
      },
      clearTimeout(handle) {
        queue.delete(handle as number);
      },
    },
    flush,
    async advance(ms) {
      const target = time + ms;
      await flush();
      for (;;) {
        const due = [...queue.values()].filter((s) => s.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
        if (!due) break;
        queue.delete(due.id);
        time = due.at;
        due.callback();
        await flush();
      }
      time = target;
      await flush();
    },
    scheduled: () => [...queue.values()].map((s) => s.at - time).sort((a, b) => a - b),
  };
}
