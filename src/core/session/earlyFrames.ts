import { parseAuthorizationResponse } from "../protocol/authorizationResponse.js";
import type { SilentFrameRunner } from "../platform/environment.js";
import type { Authorizer } from "../tokens/authorizer.js";
import type { ResolvedApiClient } from "../types.js";
import { silentAuthorization } from "./silentFrames.js";

/** One early frame: the authorization response it lands on (a code, not yet redeemed). */
type Frame = Promise<string>;

/**
 * Silent iframes started while the login code is still being redeemed (same-site IdP only): once the user is back
 * from the IdP its session exists, so the dedicated clients' authorizations need not wait for the login's tokens.
 * A frame only brings back a code; the token machine that takes it redeems it after the login is accepted, so the
 * dedicated client's ID token is still checked against the signed-in user. A frame's failure is its API's, never the
 * login's: it reaches the machine that takes it, like a failed silent request of its own.
 */
export class EarlyFrames {
  private readonly frames = new Map<string, Frame>();

  constructor(private readonly deps: { authorizer: Pick<Authorizer, "request" | "discard">; runSilently: SilentFrameRunner }) {}

  /** Starts one hidden-iframe authorization per client of `units` (dropping frames left from before); returns their API names. */
  start(units: ResolvedApiClient[]): string[] {
    this.clear();
    for (const unit of units) {
      const frame = silentAuthorization(this.deps.authorizer, this.deps.runSilently, unit);
      // Nobody may ever take it (the login failed): its failure must not surface as an unhandled rejection.
      frame.catch(() => undefined);
      this.frames.set(unit.name, frame);
    }
    return units.map((unit) => unit.name);
  }

  /** The response of the frame started for `api`, once; `undefined` when none was started (or it was taken). */
  take(api: string): Frame | undefined {
    const frame = this.frames.get(api);
    this.frames.delete(api);
    return frame;
  }

  /** Forgets the frames nobody took (the login failed): their requests' state is dropped when they come back. */
  clear(): void {
    for (const frame of this.frames.values()) {
      frame.then(
        (href) => {
          const state = parseAuthorizationResponse(href)?.state;
          if (state !== undefined) this.deps.authorizer.discard(state);
        },
        () => undefined,
      );
    }
    this.frames.clear();
  }
}
