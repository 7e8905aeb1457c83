import { redirect } from "react-router";
import { authorizationResponseState } from "../core/protocol/authorizationResponse.js";
import type { Oidc } from "../core/types.js";

/**
 * Loader for the route at the redirect URI (usually the root route). Every login comes back there; `oidc.start()`
 * redeems the response and puts the page back at the deep link with `history.replaceState`, which routers do not
 * observe. On such a request this waits for `start()` and redirects the router to where the kit put the page;
 * otherwise it resolves with `null` at once.
 * @param oidc - The instance shared by the app's providers and loaders.
 */
export function callbackLoader<Api extends string>(oidc: Oidc<Api>) {
  return async ({ request }: { request: Pick<Request, "url"> }): Promise<null> => {
    if (authorizationResponseState(request.url) === undefined) return null;
    await oidc.start();
    const { pathname, search, hash } = globalThis.location;
    const target = pathname + search + hash;
    // A callback that was not ours (another instance, a stale tab) stays in the URL: don't redirect onto it again.
    if (authorizationResponseState(globalThis.location.href) !== undefined) return null;
    throw redirect(target);
  };
}
