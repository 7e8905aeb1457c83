// What a redirect chain keeps between hops and what it needs from the instance: shared by the chain (continuing and
// ending, loaded with the page) and its departure (starting, loaded on the first hop).
import type { OidcEnvironment } from "../platform/environment.js";
import type { StorageCipher } from "../platform/cipher.js";
import type { Authorizer } from "../tokens/authorizer.js";
import type { ResolvedOidcConfig } from "../types.js";
import type { SharedSession } from "./crossTab.js";

/**
 * A chain of top-level authorization redirects, one hop per client, kept in sessionStorage between hops.
 * It holds authorization responses (single-use codes bound to PKCE verifiers), never tokens: every code
 * is redeemed in memory when the chain ends, so the app renders once and no token touches storage.
 */
export interface RedirectChainRecord {
  /** Where the user goes once every hop is done. */
  returnTo: string;
  /** API names still to authorize, in order. */
  pending: string[];
  /**
   * The authorization URLs of those hops, built when the chain started (same order): a hop page navigates on at once,
   * without the IdP's discovery document or new PKCE. Absent for a hop whose request could not be built then.
   */
  hopUrls?: (string | null)[];
  /** Authorization responses collected so far (full callback URLs). */
  responses: string[];
  /** When the chain started (ms), to drop a chain abandoned long ago. */
  startedAt: number;
  /** The session the page had when the chain started, sealed (AES-GCM) so it crosses the hops without a plaintext token. */
  carried?: string;
}

/** What a chain needs from the instance. */
export interface RedirectChainDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "sessionStorage" | "now" | "navigate" | "replaceUrl" | "currentUrl" | "timers">;
  authorizer: Authorizer;
  storageKey: string;
  /** Seals the carried session; its key is dropped when the chain ends, so nothing readable stays at rest. */
  cipher: StorageCipher;
  /** APIs whose tokens come back with a restored session: those used before, and those prefetched. */
  hopCandidates(): string[];
  /** The page's session, when it has one: carried across the hops so the login client is not authorized again. */
  currentSession(): SharedSession | undefined;
  /** Where a chain lands unless a caller said: a router's pending navigation, else the current URL. */
  defaultReturnTo(): string;
  /** Resolves when no refresh is under way, so the carried session holds the newest (rotated) refresh tokens. */
  settled(): Promise<void>;
}
