import { useSyncExternalStore } from "react";
import type { Oidc } from "../core/types.js";

/**
 * Re-renders only when the user's `sub` or the initializing flag changes, never on a token renewal. On a server and
 * while hydrating: no user, initializing.
 */
export function useSessionSubject<Api extends string>(oidc: Oidc<Api>): { sub: string | undefined; initializing: boolean } {
  const sub = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.user?.sub, () => undefined);
  const initializing = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.status === "initializing", () => true);
  return { sub, initializing };
}
