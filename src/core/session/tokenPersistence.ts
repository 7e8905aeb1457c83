import type { OidcEnvironment } from "../platform/environment.js";
import { decodeJwtPayload } from "../protocol/jwt.js";
import { randomToken } from "../protocol/pkce.js";
import type { IdTokenClaims } from "../types.js";
import type { SharedSession } from "./crossTab.js";
import type { PersistedTokens, SessionMemory } from "./sessionMemory.js";

// Loaded by the session only with `tokenStorage: "sessionStorage"`: reading the sealed tokens back and the duplicate-tab
// check. Writing them (sessionMemory.ts) stays with the page, which captures the tokens when they change.

const record = (x: unknown) => (typeof x === "object" && x !== null && !Array.isArray(x) ? x : {});

/**
 * The session the sealed tokens hold, taken over without an IdP request: `undefined` without the login client's refresh
 * token and an ID token naming the user, or when they were sealed with a key since dropped.
 */
export async function storedSession(memory: SessionMemory, loginApi: string): Promise<SharedSession | undefined> {
  await memory.writing;
  const sealed = memory.storage.getItem(`${memory.prefix}tokens`);
  let value: Partial<PersistedTokens> | undefined;
  try {
    value = JSON.parse((sealed && (await memory.cipher.decrypt(sealed))) || "null") as Partial<PersistedTokens> | undefined;
  } catch {
    value = undefined;
  }
  const grants = record(value?.grants) as PersistedTokens["grants"];
  const loginGrant = grants[loginApi];
  const user = decodeJwtPayload(loginGrant?.idToken);
  if (!loginGrant?.refreshToken || typeof user?.sub !== "string") return undefined;
  return { sessionId: randomToken(16), user: user as IdTokenClaims, grants, sets: record(value?.sets) as PersistedTokens["sets"] };
}

/** This tab's id; a duplicated tab inherits it along with the rest of sessionStorage. */
function tabId(memory: SessionMemory, renew: boolean): string {
  let id = memory.storage.getItem(`${memory.prefix}tab`);
  if (id === null || renew) {
    id = crypto.randomUUID();
    memory.storage.setItem(`${memory.prefix}tab`, id);
  }
  return id;
}

/**
 * A duplicated tab inherits a copy of sessionStorage, refresh tokens included. Two tabs redeeming one rotating
 * refresh token get the whole grant revoked, so the duplicate drops the copy and restores a session of its own.
 */
export async function claimTab(env: Pick<OidcEnvironment, "claimTab">, memory: SessionMemory, keyPrefix: string): Promise<void> {
  if (await env.claimTab(`${keyPrefix}tab:${tabId(memory, false)}`)) return;
  await memory.writeTokens({ sets: {}, grants: {} });
  await env.claimTab(`${keyPrefix}tab:${tabId(memory, true)}`);
}
