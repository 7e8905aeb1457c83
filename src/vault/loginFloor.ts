import { OidcError } from "../core/errors.js";
import type { Timers } from "../core/platform/timers.js";
import { startTimer } from "./vaultTimer.js";

/**
 * The least time between two Vault logins for one key (one upstream token), measured on timers rather than on a clock,
 * so neither a short lease nor a clock that jumps (or stands still) can chain logins back to back. A login for another
 * key (the upstream token changed) is never held back.
 */
export interface LoginFloor {
  /** Resolves when a login for `key` may start (at once unless a token for it was minted less than the floor ago). */
  wait(key: string): Promise<void>;
  /** A token for `key` was minted now: later logins for it wait out the floor. */
  close(key: string): void;
  /** True while the last token for `key` was minted less than the floor ago. */
  isClosed(key: string): boolean;
  /** Cancels every timer and fails every waiter with `logged_out` (logout). */
  reset(): void;
}

interface Closed {
  cancel: () => void;
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

/** A `LoginFloor` of `floorMs` on `timers`. */
export function createLoginFloor(timers: Timers, floorMs: number): LoginFloor {
  // One entry per key whose last token was minted less than floorMs ago: a handful at most, each removed by its timer.
  const closed = new Map<string, Closed>();

  function open(key: string): void {
    const gate = closed.get(key);
    closed.delete(key);
    for (const waiter of gate?.waiters ?? []) waiter.resolve();
  }

  return {
    wait(key) {
      const gate = closed.get(key);
      if (!gate) return Promise.resolve();
      return new Promise<void>((resolve, reject) => gate.waiters.push({ resolve, reject }));
    },
    close(key) {
      const previous = closed.get(key);
      previous?.cancel();
      const waiters = previous?.waiters ?? [];
      closed.set(key, { cancel: startTimer(timers, floorMs, () => open(key)), waiters });
    },
    isClosed: (key) => closed.has(key),
    reset() {
      const gates = [...closed.values()];
      closed.clear();
      const error = new OidcError("logged_out", "The user logged out while a Vault login waited to start.");
      for (const gate of gates) {
        gate.cancel();
        for (const waiter of gate.waiters) waiter.reject(error);
      }
    },
  };
}
