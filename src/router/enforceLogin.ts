import { redirect } from "react-router";
import { OidcError, isOidcError } from "../core/errors.js";
import { safeReturnTo } from "../core/session/returnTo.js";
import type { IdTokenClaims, Oidc } from "../core/types.js";
import { isPrefetchRequest } from "./isPrefetchRequest.js";

/** The part of a `loader`/`clientLoader` argument `enforceLogin` reads; pass the whole argument. */
export interface EnforceLoginArgs {
  /** The loader's request: its URL is where the user comes back to, its headers tell a prefetch apart. */
  request: Pick<Request, "url" | "headers">;
}

/** Options of `enforceLogin`. */
export interface EnforceLoginOptions {
  /**
   * Where a prefetch for a logged-out user is redirected (`?returnTo=<path>` is appended), so the speculative
   * load ends without side effects. Default: none; the prefetch then rejects with `login_required`.
   */
  loginPath?: string;
}

/** What `enforceLogin` resolves with. */
export interface EnforceLoginResult {
  /** ID-token claims of the logged-in user. */
  user: IdTokenClaims;
}

// Session errors a fresh interactive login resolves; anything else (IdP down, bad callback) is shown, not looped on.
const LOGIN_FIXES = ["login_required", "interaction_required"] as const;

/**
 * Guards a route: call it first in the route's `loader` (data mode) or `clientLoader` (framework mode).
 *
 * - Logged in: resolves with `{ user }` after `oidc.start()` settled.
 * - Logged out: calls `oidc.login({ returnTo })` with the request's same-origin path + search (via `safeReturnTo`)
 *   and never resolves, because the page is leaving for the IdP. A failing login rejects with its error.
 * - Session in error other than `login_required`/`interaction_required`: rejects with that error (error boundary).
 * - Prefetch (`Sec-Purpose`/`Purpose: prefetch`, see `isPrefetchRequest`): never starts a login, a restoration or a
 *   never-settling promise, which would pin the speculative load. It answers from the current snapshot: logged in
 *   resolves with `{ user }`; otherwise it throws `redirect(loginPath?returnTo=...)` when `loginPath` is set, else
 *   rejects with `OidcError("login_required")`. Either way the real navigation later runs the full check.
 * @param oidc - The instance shared by the app's providers and loaders.
 * @param args - The loader argument (`{ request, params, context }`); only `request` is read.
 * @param options - See `EnforceLoginOptions`.
 */
export async function enforceLogin<Api extends string>(
  oidc: Oidc<Api>,
  args: EnforceLoginArgs,
  options: EnforceLoginOptions = {},
): Promise<EnforceLoginResult> {
  const { request } = args;
  // The router builds the request from the in-app location, so its own origin is the app's.
  const returnTo = safeReturnTo(request.url, request.url);
  if (isPrefetchRequest(request)) {
    const { status, user } = oidc.getSnapshot().session;
    if (status === "loggedIn" && user) return { user };
    if (options.loginPath !== undefined) {
      const login = new URL(safeReturnTo(options.loginPath, request.url), request.url);
      login.searchParams.set("returnTo", returnTo);
      throw redirect(login.pathname + login.search + login.hash);
    }
    throw new OidcError("login_required", "Not logged in; a prefetch does not start a login.");
  }
  const session = await oidc.start();
  if (session.status === "loggedIn" && session.user) return { user: session.user };
  if (session.status === "error" && session.error && !isOidcError(session.error, ...LOGIN_FIXES)) throw session.error;
  await oidc.login({ returnTo });
  // login() navigates away; should an implementation ever resolve, the loader still must not render the route.
  return new Promise<never>(() => {});
}
