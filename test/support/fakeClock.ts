import type { TimerHandle, Timers } from "../../src/core/platform/timers";

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
}

/** A clock and timers that move only when told to, in milliseconds, for the timing logic's unit tests. */
export class FakeClock implements Timers {
  private time: number;
  private nextId = 1;
  private queue: Scheduled[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.queue.push({ id, at: this.time + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }

  /** Timers still pending. */
  get pending(): number {
    return this.queue.length;
  }

  /** Moves time forward by `ms`, running every timer that falls due (in order) and the promise jobs they start. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await flush();
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
      await flush();
    }
    this.time = end;
    await flush();
  }
}

/** Lets every pending promise job run (a few rounds, for chains of awaits). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
