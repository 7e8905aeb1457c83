/**
 * Vault tokens with their lease end, pruned by expiry and capped in size (oldest first), so bookkeeping about tokens
 * can never grow with the session's length.
 */
export interface BoundedTokenMap {
  /** Records `token` (lease end `expiresAt`, ms); returns the tokens dropped to make room (expired ones are not). */
  add(token: string, expiresAt: number, now: number): string[];
  /** True when `token` is recorded and its lease has not ended. */
  has(token: string, now: number): boolean;
  /** The recorded tokens, oldest first. */
  tokens(): string[];
  /** The recorded tokens with their lease end, oldest first. */
  entries(): { token: string; expiresAt: number }[];
  /** Forgets every token. */
  clear(): void;
  /** How many tokens are recorded. */
  readonly size: number;
}

/** A `BoundedTokenMap` holding at most `capacity` tokens. */
export function createBoundedTokenMap(capacity: number): BoundedTokenMap {
  // A Map iterates in insertion order: the first key is the oldest.
  const entries = new Map<string, number>();
  return {
    add(token, expiresAt, now) {
      for (const [known, end] of entries) if (end <= now) entries.delete(known);
      entries.delete(token);
      entries.set(token, expiresAt);
      const evicted: string[] = [];
      for (const known of entries.keys()) {
        if (entries.size <= capacity) break;
        entries.delete(known);
        evicted.push(known);
      }
      return evicted;
    },
    has: (token, now) => (entries.get(token) ?? Number.NEGATIVE_INFINITY) > now,
    tokens: () => [...entries.keys()],
    entries: () => [...entries].map(([token, expiresAt]) => ({ token, expiresAt })),
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
