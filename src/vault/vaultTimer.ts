import type { Timers } from "../core/platform/timers.js";

// Host timers fire at once (or at the clamp) past 2^31 - 1 ms (~24.8 days); longer waits are taken in steps.
const MAX_STEP_MS = 2 ** 31 - 1;

/** Runs `callback` once after `delayMs` on `timers`, however long the delay; returns the function that cancels it. */
export function startTimer(timers: Timers, delayMs: number, callback: () => void): () => void {
  if (!(delayMs < Number.POSITIVE_INFINITY)) return () => {};
  let remaining = Math.max(0, delayMs);
  let handle: unknown;
  let cancelled = false;
  const step = () => {
    const wait = Math.min(remaining, MAX_STEP_MS);
    remaining -= wait;
    handle = timers.setTimeout(() => {
      if (cancelled) return;
      if (remaining > 0) step();
      else callback();
    }, wait);
  };
  step();
  return () => {
    cancelled = true;
    timers.clearTimeout(handle);
  };
}
