import { isSameSite } from "../config.js";
import { isOidcError, OidcError } from "../errors.js";
import type { OidcEnvironment } from "../platform/environment.js";
import type { ResolvedOidcConfig } from "../types.js";
import type { SessionMemory } from "./sessionMemory.js";

/** Runs one silent authorization in a hidden iframe and resolves with the response URL it lands on. */
export type SilentFrameRunner = (url: string, api: string) => Promise<string>;

/** True when silent authorizations run in hidden iframes: asked for, or `auto` with the IdP on the app's site. */
export function silentRequestsUseFrames(config: Pick<ResolvedOidcConfig, "sessionRestoration" | "redirectUri" | "issuer">): boolean {
  return config.sessionRestoration === "iframe" || (config.sessionRestoration === "auto" && isSameSite(config.redirectUri, config.issuer));
}

/** Where the frame of the request `url` lands: the `redirect_uri` it carries (the silent page or the app's redirect URI). */
function landingOf(url: string, fallback: string): string {
  return new URL(url).searchParams.get("redirect_uri") ?? fallback;
}

/**
 * Hidden-iframe requests that remember, for the tab, an IdP whose frames land elsewhere than the redirect URI
 * (`silent_refused`): each later request fails at once with the same explanation instead of loading a doomed frame.
 */
export function silentFrames(
  env: Pick<OidcEnvironment, "runInIframe">,
  memory: Pick<SessionMemory, "silentRefusal">,
  config: Pick<ResolvedOidcConfig, "redirectUri" | "silentTimeoutMs">,
): SilentFrameRunner {
  return async (url, api) => {
    const known = memory.silentRefusal;
    if (known !== null) throw new OidcError("silent_refused", known, { api });
    try {
      return await env.runInIframe(url, landingOf(url, config.redirectUri), config.silentTimeoutMs);
    } catch (error) {
      if (!isOidcError(error, "silent_refused")) throw error;
      memory.silentRefusal = error.message;
      throw new OidcError("silent_refused", error.message, { api, cause: error.cause });
    }
  };
}
