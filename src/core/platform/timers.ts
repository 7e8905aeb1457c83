/** Opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** The timer functions the kit schedules with; inject fakes in tests to drive time in milliseconds. */
export interface Timers {
  /** Run `callback` once after `delayMs` milliseconds. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancel a callback scheduled with `setTimeout`; an unknown or spent handle is ignored. */
  clearTimeout(handle: TimerHandle): void;
}

// setTimeout overflows past 2^31 - 1 ms (~24.8 days) and would fire at once.
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The host's timers; in Node a pending timer never keeps the process alive. */
export const hostTimers: Timers = {
  setTimeout(callback, delayMs) {
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, Number.isFinite(delayMs) ? delayMs : MAX_DELAY_MS));
    const handle = globalThis.setTimeout(callback, delay);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>);
  },
};
