import { useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { createIdleLogout, hostTimers, useOidcInstance, type ActivitySource, type IdleLogout } from "react-oidc-apis";

/** Activity reported by the story's button only: the countdown ignores the mouse and keyboard. */
function buttonActivity(): { source: ActivitySource; report: () => void } {
  const listeners = new Set<() => void>();
  return {
    source: (onActivity) => {
      listeners.add(onActivity);
      return () => listeners.delete(onActivity);
    },
    report: () => listeners.forEach((listener) => listener()),
  };
}

const idleState = { status: "active" as const, secondsLeft: 0 };
const noSubscription = () => () => undefined;

/** `createIdleLogout` without the hook: the React-free countdown an app could drive from anywhere. */
export function IdleCountdown({ timeoutSeconds }: { timeoutSeconds: number }): ReactNode {
  const oidc = useOidcInstance();
  const [activity] = useState(buttonActivity);
  const [idle, setIdle] = useState<IdleLogout>();
  useEffect(() => {
    const created = createIdleLogout(oidc, { timeoutSeconds, events: activity.source, timers: hostTimers });
    setIdle(created);
    return () => created.stop();
  }, [oidc, timeoutSeconds, activity]);
  const state = useSyncExternalStore(idle?.subscribe ?? noSubscription, idle?.getSnapshot ?? (() => idleState));
  return (
    <section aria-label="Idle countdown" data-status={state.status}>
      <p>
        <strong>{state.status}</strong>, {state.secondsLeft} s left
      </p>
      <button type="button" onClick={activity.report}>
        Report activity
      </button>
    </section>
  );
}
