import type { Query, QueryClient } from "@tanstack/react-query";
import type { Oidc } from "../core/types.js";
import { authedQueryKeyRoot } from "./authedQueryKey.js";

/**
 * Keeps `queryClient` free of another user's data: removes every authed query (`["react-oidc-apis", ...]`)
 * when the user logs out (before the logout navigates, through `onLogout`) and, when the `sub` changes, every
 * authed query not keyed to the new user. Removing a query also cancels its fetch. Returns the disconnect function.
 * @param oidc - The instance whose session is watched.
 * @param queryClient - The client to clean.
 */
export function connectQueryClient<Api extends string>(oidc: Oidc<Api>, queryClient: QueryClient): () => void {
  const removeAuthed = (keep?: (query: Query) => boolean) =>
    queryClient.removeQueries({ queryKey: [authedQueryKeyRoot], predicate: keep ? (query) => !keep(query) : undefined });
  let sub = oidc.getSnapshot().session.user?.sub;
  const unsubscribe = oidc.subscribe(() => {
    const next = oidc.getSnapshot().session.user?.sub;
    if (next === sub) return;
    sub = next;
    // A key's third element is the sub it was fetched for; only the new user's own entries may stay.
    if (next === undefined) removeAuthed();
    else removeAuthed((query) => query.queryKey[2] === next);
  });
  const unregister = oidc.onLogout(() => removeAuthed());
  return () => {
    unsubscribe();
    unregister();
  };
}
