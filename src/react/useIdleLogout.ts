import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { createIdleLogout, idleLogoutDurations, type IdleLogout, type IdleLogoutOptions, type IdleLogoutState } from "../core/idle/idleLogout.js";
import { useOidcInstance } from "./useOidcInstance.js";

/** What `useIdleLogout` returns: the countdown, and a way to show activity. */
export interface UseIdleLogoutResult extends IdleLogoutState {
  /** Counts as activity, e.g. for a "Stay logged in" button of the warning. */
  stayActive(): void;
}

const noSubscription = (): (() => void) => () => undefined;
const noop = (): void => undefined;

/**
 * Logs the user of the nearest `<OidcProvider>` out after `timeoutSeconds` without activity (see `createIdleLogout`)
 * while the component is mounted, and returns the countdown to show during the `warning`. Opt-in: mount it once,
 * near the root. On a server and before the first effect, the state is `active`.
 *
 * `timeoutSeconds` and `warnBeforeSeconds` restart the countdown when they change; `events`, `timers`, `now` and
 * `logoutOptions` are read when it starts.
 */
export function useIdleLogout(options: IdleLogoutOptions): UseIdleLogoutResult {
  const oidc = useOidcInstance();
  const { timeoutSeconds, warnBeforeSeconds } = options;
  // Validated while rendering, so a wrong option fails where it is written rather than inside an effect.
  idleLogoutDurations({ timeoutSeconds, warnBeforeSeconds });
  const [idle, setIdle] = useState<IdleLogout | undefined>(undefined);

  useEffect(() => {
    const created = createIdleLogout(oidc, options);
    setIdle(created);
    return () => created.stop();
    // Restarting on every new options object would reset the countdown at each render; see the TSDoc.
  }, [oidc, timeoutSeconds, warnBeforeSeconds]); // eslint-disable-line react-hooks/exhaustive-deps

  const initial = useMemo((): IdleLogoutState => ({ status: "active", secondsLeft: timeoutSeconds }), [timeoutSeconds]);
  const read = idle?.getSnapshot ?? (() => initial);
  const state = useSyncExternalStore(idle?.subscribe ?? noSubscription, read, () => initial);
  const stayActive = idle?.stayActive ?? noop;
  return useMemo(() => ({ ...state, stayActive }), [state, stayActive]);
}
