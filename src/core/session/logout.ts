import { clientOf } from "../config.js";
import { leavingPage, type OidcEnvironment } from "../platform/environment.js";
import type { ProviderMetadata } from "../protocol/discovery.js";
import { endSessionUrl } from "../protocol/endSession.js";
import { randomToken } from "../protocol/pkce.js";
import type { RefreshGrants } from "../tokens/refreshGrants.js";
import type { LogoutOptions, ResolvedOidcConfig } from "../types.js";
import { safeReturnTo } from "./returnTo.js";
import type { SessionMemory } from "./sessionMemory.js";

/** What logout needs from the instance. */
export interface LogoutDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "navigate" | "replaceUrl">;
  grants: Pick<RefreshGrants, "get">;
  memory: Pick<SessionMemory, "logoutState">;
  metadata(): Promise<ProviderMetadata>;
  appOrigin: string;
  /** Ends the local session (every token and grant gone). */
  endSession(): unknown;
  /** The app's `onLogout` tasks (registered on the instance, possibly before the page was wired). */
  tasks: ReadonlySet<() => Promise<void> | void>;
}

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the app's `onLogout` tasks, the local session's end, then
 * the IdP's end-session endpoint with `client_id`, `id_token_hint` and a `state` (some IdPs, e.g. Glewlwyd, only return to
 * `post_logout_redirect_uri` when one is sent), which is taken off the URL again when the app comes back.
 */
export class Logout {
  constructor(private readonly deps: LogoutDeps) {}

  /** Runs the tasks, ends the session and leaves for the IdP's end-session endpoint (or `returnTo` without one). */
  async logout(options: LogoutOptions = {}): Promise<never> {
    const { config, appOrigin, env } = this.deps;
    const idToken = this.deps.grants.get(config.loginClient)?.idToken;
    await Promise.allSettled([...this.deps.tasks].map(async (task) => task()));
    // Awaited: what it drops from IndexedDB (DPoP keys) must be gone before the page leaves.
    await this.deps.endSession();
    const target = options.returnTo ? new URL(safeReturnTo(options.returnTo, appOrigin), appOrigin).href : config.postLogoutRedirectUri;
    let url = target;
    try {
      const { end_session_endpoint } = await this.deps.metadata();
      if (end_session_endpoint) {
        const { clientId } = clientOf(config, config.loginClient);
        const state = randomToken(16);
        this.deps.memory.logoutState = state;
        url = endSessionUrl({ endSessionEndpoint: end_session_endpoint, clientId, idTokenHint: idToken, postLogoutRedirectUri: target, state });
      }
    } catch {
      // No end-session endpoint or IdP down: the local session is gone all the same.
    }
    env.navigate(url);
    return leavingPage();
  }

  /** Back from the IdP's logout, the URL carries the `state` the logout sent: takes it off the address bar. */
  withoutLogoutState(href: string): string {
    const { memory, env } = this.deps;
    const sent = memory.logoutState;
    if (sent === null || !URL.canParse(href)) return href;
    const url = new URL(href);
    if (url.searchParams.get("state") !== sent) return href;
    memory.logoutState = null;
    url.searchParams.delete("state");
    env.replaceUrl(url.href);
    return url.href;
  }
}
