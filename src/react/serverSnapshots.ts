import type { SessionState } from "../core/types.js";

// What every hook shows while rendering on a server and while hydrating: a session that has not started yet. The
// same constants on both sides, so the first client render matches the server's HTML; the live state follows.

/** The session as the server and the hydration render see it. */
export const serverSession: SessionState = Object.freeze({ status: "initializing", user: undefined, error: undefined });

/** Server snapshot of a selector that has nothing to show before the session starts. */
export const serverNothing = (): undefined => undefined;

/** Server snapshot of the session. */
export const serverSessionSnapshot = (): SessionState => serverSession;
