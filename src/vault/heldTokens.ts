import { createBoundedTokenMap } from "./boundedTokenMap.js";
import type { HeldToken, HeldTokenCarry } from "./heldTokenCarry.js";

export type { HeldTokenCarry } from "./heldTokenCarry.js";

/** The Vault tokens a client handed out and has not revoked: this page's, and those earlier pages of the tab carried. */
export interface HeldTokens {
  /** Records `token` (lease end `expiresAt`, ms); returns the tokens dropped to make room, to revoke at once. */
  add(token: string, expiresAt: number, now: number): string[];
  /** Every token held, earlier pages' included (once read); the list and the carry are emptied. */
  takeAll(): Promise<string[]>;
}

/** At most `capacity` tokens; with a `carry`, the list follows the tab across page loads (sealed). */
export function createHeldTokens(capacity: number, carry: HeldTokenCarry | undefined, now: () => number): HeldTokens {
  const map = createBoundedTokenMap(capacity);
  let restoring: Promise<HeldToken[]> | undefined = carry?.load(now()).catch(() => []);
  // Tokens read from the carry join the list unless logout took the list first (then takeAll revokes them itself).
  void restoring?.then((earlier) => {
    if (restoring === undefined) return;
    for (const held of earlier) map.add(held.token, held.expiresAt, now());
  });
  // A token obtained before the earlier pages' list is read is written once it is merged, so the list loses none.
  const merged = restoring ?? Promise.resolve();
  const persist = () => void merged.then(() => carry?.save(map.entries()));
  return {
    add(token, expiresAt, at) {
      const evicted = map.add(token, expiresAt, at);
      persist();
      return evicted;
    },
    async takeAll() {
      const current = map.tokens();
      map.clear();
      const earlier = restoring;
      restoring = undefined;
      const fromEarlierPages = earlier ? (await earlier).map((held) => held.token) : [];
      await carry?.clear();
      return [...new Set([...current, ...fromEarlierPages])];
    },
  };
}
