/** Calls `onActivity` whenever the user shows they are there; returns the function that stops listening. */
export type ActivitySource = (onActivity: () => void) => () => void;

/** Options of `browserActivity`. */
export interface BrowserActivityOptions {
  /** Events on `window` that count as activity. Default: `pointerdown`, `pointermove`, `keydown`, `wheel`, `touchstart`, `scroll`. */
  eventNames?: readonly string[];
  /**
   * Name of the `BroadcastChannel` through which the app's tabs share activity, so a user busy in one tab is not
   * logged out by an idle other tab (logout ends the IdP session of all of them). `null` keeps each tab on its own.
   * Default: `"react-oidc-apis:idle"`.
   */
  channelName?: string | null;
  /** At most one activity message per this many milliseconds goes to the other tabs. Default: `1000`. */
  shareIntervalMs?: number;
  /** Milliseconds since the epoch, for spacing the messages. Default: `Date.now`. */
  now?: () => number;
}

/** Events that mean a person is at the keyboard, mouse or screen; passive listeners, so scrolling stays smooth. */
const DEFAULT_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"] as const;

/**
 * Activity as a browser sees it: input events on `window`, the page becoming visible again, and activity reported
 * by the app's other tabs (`BroadcastChannel`). Outside a browser (a server render) it reports nothing.
 */
export function browserActivity(options: BrowserActivityOptions = {}): ActivitySource {
  const eventNames = options.eventNames ?? DEFAULT_EVENTS;
  const channelName = options.channelName === undefined ? "react-oidc-apis:idle" : options.channelName;
  const shareIntervalMs = options.shareIntervalMs ?? 1000;
  const now = options.now ?? Date.now;

  return (onActivity) => {
    if (typeof window === "undefined") return () => undefined;
    const channel = channelName !== null && typeof BroadcastChannel === "function" ? new BroadcastChannel(channelName) : undefined;
    let sharedAt = -Infinity;
    const local = (): void => {
      onActivity();
      // Spaced out: pointermove fires dozens of times a second, and the other tabs only need to know it is recent.
      const t = now();
      if (channel !== undefined && t - sharedAt >= shareIntervalMs) {
        sharedAt = t;
        channel.postMessage("activity");
      }
    };
    const onVisibility = (): void => {
      if (document.visibilityState === "visible") local();
    };
    const remote = (): void => onActivity();
    const listen = { capture: true, passive: true } as const;
    for (const name of eventNames) window.addEventListener(name, local, listen);
    document.addEventListener("visibilitychange", onVisibility);
    channel?.addEventListener("message", remote);
    return () => {
      for (const name of eventNames) window.removeEventListener(name, local, listen);
      document.removeEventListener("visibilitychange", onVisibility);
      channel?.removeEventListener("message", remote);
      channel?.close();
    };
  };
}
