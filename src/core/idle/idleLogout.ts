import { OidcError } from "../errors.js";
import { hostTimers, type TimerHandle, type Timers } from "../platform/timers.js";
import type { LogoutOptions, Oidc, SessionState } from "../types.js";
import { browserActivity, type ActivitySource } from "./activitySource.js";

/** Options of `createIdleLogout` and `useIdleLogout`. */
export interface IdleLogoutOptions {
  /** Seconds without activity after which the user is logged out (`oidc.logout`). */
  timeoutSeconds: number;
  /** Seconds before the logout during which `status` is `warning` and `secondsLeft` counts down. Default: `60`, at most half of `timeoutSeconds`. */
  warnBeforeSeconds?: number;
  /** What counts as activity. Default: `browserActivity()` (input events, the page shown again, the app's other tabs). */
  events?: ActivitySource;
  /** Where the countdown is scheduled; inject fakes in tests to drive time in milliseconds. Default: `hostTimers`. */
  timers?: Timers;
  /** Milliseconds since the epoch. Default: `Date.now`. */
  now?: () => number;
  /** Passed to `oidc.logout` when the time is up. Default: `{}` (back to `postLogoutRedirectUri`). */
  logoutOptions?: LogoutOptions;
}

/** The countdown a component can show; replaced only when it changes. */
export interface IdleLogoutState {
  /**
   * `active`: the user is there, or nobody is logged in (nothing is counted); `warning`: the logout comes in
   * `secondsLeft` seconds unless there is activity; `loggedOut`: the time ran out and the logout started.
   */
  status: "active" | "warning" | "loggedOut";
  /** Seconds until the logout: counts down each second during `warning`; `timeoutSeconds` while `active`; `0` once `loggedOut`. */
  secondsLeft: number;
}

/** An idle-logout countdown for one `Oidc` instance; made by `createIdleLogout`. */
export interface IdleLogout {
  /** Call `listener` whenever the state changes; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The current state (the same object while nothing changed). */
  getSnapshot(): IdleLogoutState;
  /** Counts as activity, e.g. from a "Stay logged in" button of the warning. */
  stayActive(): void;
  /** Stops listening and counting for good. */
  stop(): void;
}

/** `warnBeforeSeconds` when not given. */
const DEFAULT_WARN_SECONDS = 60;

/** The options in milliseconds, validated; throws `config_invalid` naming the option to fix. */
export function idleLogoutDurations(options: Pick<IdleLogoutOptions, "timeoutSeconds" | "warnBeforeSeconds">): { timeoutMs: number; warnMs: number } {
  const { timeoutSeconds } = options;
  if (typeof timeoutSeconds !== "number" || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    throw new OidcError("config_invalid", `Idle logout: timeoutSeconds must be a number of seconds above 0, e.g. 900; got ${String(timeoutSeconds)}.`);
  }
  const warnBeforeSeconds = options.warnBeforeSeconds ?? Math.min(DEFAULT_WARN_SECONDS, timeoutSeconds / 2);
  if (typeof warnBeforeSeconds !== "number" || !Number.isFinite(warnBeforeSeconds) || warnBeforeSeconds < 0 || warnBeforeSeconds > timeoutSeconds) {
    throw new OidcError(
      "config_invalid",
      `Idle logout: warnBeforeSeconds must be between 0 and timeoutSeconds (${timeoutSeconds}); got ${String(warnBeforeSeconds)}.`,
    );
  }
  return { timeoutMs: timeoutSeconds * 1000, warnMs: warnBeforeSeconds * 1000 };
}

/**
 * Logs the user out after `timeoutSeconds` without activity, with a `warning` countdown over the last
 * `warnBeforeSeconds`. Opt-in; counts only while the session is logged in, from the login on. Activity (see
 * `events`) resets the count; activity seen after the deadline passed unnoticed (a sleeping laptop, a throttled
 * background tab) logs out instead. Listens from creation until `stop()`.
 * @param oidc - The instance whose session is ended.
 * @param options - See `IdleLogoutOptions`.
 */
export function createIdleLogout(oidc: Oidc<string>, options: IdleLogoutOptions): IdleLogout {
  const { timeoutMs, warnMs } = idleLogoutDurations(options);
  const timers = options.timers ?? hostTimers;
  const now = options.now ?? Date.now;
  const active: IdleLogoutState = Object.freeze({ status: "active", secondsLeft: timeoutMs / 1000 });
  const loggedOut: IdleLogoutState = Object.freeze({ status: "loggedOut", secondsLeft: 0 });
  const listeners = new Set<() => void>();
  let snapshot = active;
  let sessionStatus: SessionState["status"] | undefined;
  let counting = false;
  let lastActivity = 0;
  let handle: TimerHandle | undefined;

  function publish(next: IdleLogoutState): void {
    if (next === snapshot) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function disarm(): void {
    if (handle !== undefined) timers.clearTimeout(handle);
    handle = undefined;
  }

  function expire(): void {
    counting = false;
    disarm();
    publish(loggedOut);
    // The page leaves for the IdP; a failure is the logout's to report, and the countdown must not restart meanwhile.
    oidc.logout(options.logoutOptions ?? {}).catch(() => undefined);
  }

  // Re-reads the clock whenever a timer fires, so activity only has to move `lastActivity`, never a timer.
  function tick(): void {
    handle = undefined;
    if (!counting) return;
    const left = lastActivity + timeoutMs - now();
    if (left <= 0) return expire();
    if (left > warnMs) {
      publish(active);
      handle = timers.setTimeout(tick, left - warnMs);
      return;
    }
    const secondsLeft = Math.ceil(left / 1000);
    if (snapshot.status !== "warning" || snapshot.secondsLeft !== secondsLeft) publish({ status: "warning", secondsLeft });
    // Wake up when the displayed number changes.
    handle = timers.setTimeout(tick, left - (secondsLeft - 1) * 1000);
  }

  function activity(): void {
    if (!counting) return;
    const t = now();
    if (t - lastActivity >= timeoutMs) return expire();
    lastActivity = t;
    if (snapshot.status === "warning") {
      disarm();
      tick();
    }
  }

  // Counting starts when the session turns logged in and stops when it leaves that state; the changes in between
  // (token renewals, a new user) leave it alone, so an expired countdown stays expired while the logout runs.
  function onSession(): void {
    const status = oidc.getSnapshot().session.status;
    if (status === sessionStatus) return;
    const wasLoggedIn = sessionStatus === "loggedIn";
    sessionStatus = status;
    if (status === "loggedIn" && !wasLoggedIn) {
      counting = true;
      lastActivity = now();
      publish(active);
      disarm();
      tick();
    } else if (status !== "loggedIn" && wasLoggedIn) {
      const wasCounting = counting;
      counting = false;
      disarm();
      if (wasCounting) publish(active);
    }
  }

  const stopSession = oidc.subscribe(onSession);
  const stopEvents = (options.events ?? browserActivity())(activity);
  onSession();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => snapshot,
    stayActive: activity,
    stop() {
      counting = false;
      disarm();
      stopSession();
      stopEvents();
      listeners.clear();
    },
  };
}
