import type { ReactNode } from "react";
import { browserActivity, useIdleLogout } from "react-oidc-apis";

/** Activity in this story only (pointer, keys): other tabs and other stories do not reset its countdown. */
const storyActivity = browserActivity({ channelName: null });

/** The countdown `useIdleLogout` returns, with the "Stay logged in" button a real app shows in its warning. */
export function IdleWarning({ timeoutSeconds, warnBeforeSeconds }: { timeoutSeconds: number; warnBeforeSeconds: number }): ReactNode {
  const idle = useIdleLogout({ timeoutSeconds, warnBeforeSeconds, events: storyActivity });
  return (
    <section aria-label="Idle logout" data-status={idle.status}>
      <p>
        Idle logout: <strong>{idle.status}</strong>, {idle.secondsLeft} s left
      </p>
      {idle.status === "warning" && (
        <p role="alert">
          You will be logged out in {idle.secondsLeft} s.{" "}
          <button type="button" onClick={idle.stayActive}>
            Stay logged in
          </button>
        </p>
      )}
    </section>
  );
}
