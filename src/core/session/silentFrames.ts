import { isOidcError, OidcError } from "../errors.js";
import type { OidcEnvironment, SilentFrameRunner } from "../platform/environment.js";
import type { Authorizer } from "../tokens/authorizer.js";
import type { ResolvedApiClient, ResolvedOidcConfig } from "../types.js";
import type { SessionMemory } from "./sessionMemory.js";

export type { SilentFrameRunner } from "../platform/environment.js";

/** Where the frame of the request `url` lands: the `redirect_uri` it carries (the silent page or the app's redirect URI). */
function landingOf(url: string, fallback: string): string {
  return new URL(url).searchParams.get("redirect_uri") ?? fallback;
}

/** One silent authorization of `unit` in a hidden iframe: the response it lands on; a failed request's `state` is forgotten. */
export async function silentAuthorization(authorizer: Pick<Authorizer, "request" | "discard">, run: SilentFrameRunner, unit: ResolvedApiClient): Promise<string> {
  const { url, state } = await authorizer.request(unit, "none");
  try {
    return await run(url, unit.name);
  } catch (error) {
    authorizer.discard(state);
    throw error;
  }
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
