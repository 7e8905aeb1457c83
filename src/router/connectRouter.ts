import type { Oidc } from "../core/types.js";

/** The part of a React Router data router (`createBrowserRouter`) this needs. */
export interface NavigatingRouter {
  readonly state: { navigation: { location?: { pathname: string; search: string; hash: string } | undefined } };
  subscribe(listener: (state: NavigatingRouter["state"]) => void): () => void;
}

/**
 * Keeps `oidc` told of the router's pending navigation, so a redirect chain a loader starts (a token that needs the
 * IdP, without iframes) lands on the navigation's target rather than on the page being left. Returns the disconnect
 * function.
 * @param oidc - The app's instance.
 * @param router - The data router (`createBrowserRouter(...)`).
 */
export function connectRouter<Api extends string>(oidc: Oidc<Api>, router: NavigatingRouter): () => void {
  const follow = (state: NavigatingRouter["state"]) => {
    const target = state.navigation.location;
    oidc.navigatingTo(target ? target.pathname + target.search + target.hash : undefined);
  };
  follow(router.state);
  return router.subscribe(follow);
}
