import type { QueryClient } from "@tanstack/react-query";
import type { Oidc } from "../core/types.js";
import { scopeOf } from "./authedQueryKey.js";

/**
 * The one way to keep `queryClient` free of another user's data: removes every authed query (every key that starts
 * with `{ authedApi, sub }`) when the user logs out (before the logout navigates, through `onLogout`) and, when the
 * `sub` changes, every authed query not keyed to the new user. Removing a query also cancels its fetch. Call it once
 * next to `createOidc` and the `QueryClient`; returns the disconnect function.
 * @param oidc - The instance whose session is watched.
 * @param queryClient - The client to clean.
 */
export function connectQueryClient<Api extends string>(oidc: Oidc<Api>, queryClient: QueryClient): () => void {
  // Only the new user's own entries may stay; `undefined` keeps none.
  const removeAuthed = (keepSub?: string) =>
    queryClient.removeQueries({
      predicate: (query) => {
        const scope = scopeOf(query.queryKey);
        return scope !== undefined && (keepSub === undefined || scope.sub !== keepSub);
      },
    });
  let sub = oidc.getSnapshot().session.user?.sub;
  const unsubscribe = oidc.subscribe(() => {
    const next = oidc.getSnapshot().session.user?.sub;
    if (next === sub) return;
    sub = next;
    removeAuthed(next);
  });
  const unregister = oidc.onLogout(() => removeAuthed());
  return () => {
    unsubscribe();
    unregister();
  };
}
