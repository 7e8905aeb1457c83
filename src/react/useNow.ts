import { useCallback, useSyncExternalStore } from "react";

const noop = (): void => {};

/**
 * The current time floored to `intervalMs`, re-rendering once per interval; `null` stops ticking (the value is
 * still fresh on every render). One call = one interval, so a whole table shares one timer.
 */
export function useNow(intervalMs: number | null): number {
  const subscribe = useCallback(
    (tick: () => void) => {
      if (intervalMs === null) return noop;
      const id = setInterval(tick, intervalMs);
      return () => clearInterval(id);
    },
    [intervalMs],
  );
  // Flooring keeps the snapshot equal between reads within one interval, as useSyncExternalStore requires.
  const read = (): number => {
    const step = intervalMs ?? 1000;
    return Math.floor(Date.now() / step) * step;
  };
  return useSyncExternalStore(subscribe, read, read);
}
