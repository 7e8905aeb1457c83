// In-memory storage for oidc-provider, one store per IdP instance (the built-in one is shared by the
// whole process and announces itself on the console).
import type { Adapter, AdapterPayload } from "oidc-provider";

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Models whose instances belong to a grant and die with it (`revokeByGrantId`). */
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

/** An adapter factory (`configuration.adapter`) plus what tests need to play an admin at the IdP. */
export type MemoryAdapterFactory = ((model: string) => Adapter) & {
  /** Deletes every refresh token issued to `clientId` (as a revocation by an admin would); returns how many. */
  dropRefreshTokens(clientId: string): number;
  /** Ends the sessions of `accountId` (every session when undefined) with their grants and every token of those
   *  grants, as an admin or a logout elsewhere would; returns how many signed-in sessions there were. */
  dropSessions(accountId?: string): number;
};

/** Returns an adapter factory (`configuration.adapter`) whose models share one private store. */
export function createMemoryAdapter(now: () => number = Date.now): MemoryAdapterFactory {
  const entries = new Map<string, Entry>();
  const byGrant = new Map<string, Set<string>>();
  const byUid = new Map<string, string>();
  const byUserCode = new Map<string, string>();

  function read(key: string): AdapterPayload | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  const factory = (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        const expiresAt = typeof expiresIn === "number" ? now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        entries.set(key, { payload: structuredClone(payload), expiresAt });
        if (model === "Session" && typeof payload.uid === "string") byUid.set(payload.uid, id);
        if (typeof payload.userCode === "string") byUserCode.set(payload.userCode, id);
        if (GRANTABLE.has(model) && typeof payload.grantId === "string") {
          const members = byGrant.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          byGrant.set(payload.grantId, members);
        }
      },
      async find(id) {
        return read(keyOf(id));
      },
      async findByUid(uid) {
        const id = byUid.get(uid);
        return id === undefined ? undefined : read(keyOf(id));
      },
      async findByUserCode(userCode) {
        const id = byUserCode.get(userCode);
        return id === undefined ? undefined : read(keyOf(id));
      },
      async consume(id) {
        const payload = read(keyOf(id));
        if (payload) payload.consumed = Math.floor(now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      },
    };
  };
  return Object.assign(factory, {
    dropRefreshTokens(clientId: string): number {
      let dropped = 0;
      for (const [key, entry] of entries) {
        if (key.startsWith("RefreshToken:") && entry.payload.clientId === clientId) {
          entries.delete(key);
          dropped++;
        }
      }
      return dropped;
    },
    dropSessions(accountId?: string): number {
      const owned = (payload: AdapterPayload) => accountId === undefined || payload.accountId === accountId;
      const grantIds = new Set<string>();
      let ended = 0;
      for (const [key, { payload }] of entries) {
        if (key.startsWith("Session:") && owned(payload)) {
          // A session names the grant of every client it signed in to; ending it revokes them (as logout does).
          for (const grantId of grantIdsOf(payload.authorizations)) grantIds.add(grantId);
          entries.delete(key);
          if (payload.accountId !== undefined) ended++;
        } else if (key.startsWith("Grant:") && payload.accountId !== undefined && owned(payload)) {
          // Grants outside any session (a session already gone) belong to the user too.
          grantIds.add(key.slice("Grant:".length));
        }
      }
      for (const grantId of grantIds) {
        entries.delete(`Grant:${grantId}`);
        for (const key of byGrant.get(grantId) ?? []) entries.delete(key);
        byGrant.delete(grantId);
      }
      return ended;
    },
  });
}

/** The grant ids in a Session's `authorizations` (`{ [clientId]: { grantId, sid, … } }`). */
function grantIdsOf(authorizations: unknown): string[] {
  if (typeof authorizations !== "object" || authorizations === null) return [];
  return Object.values(authorizations).flatMap((authorization: unknown) =>
    typeof authorization === "object" && authorization !== null && "grantId" in authorization && typeof authorization.grantId === "string"
      ? [authorization.grantId]
      : [],
  );
}
