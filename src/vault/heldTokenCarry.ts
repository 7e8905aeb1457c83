import type { StorageCipher } from "../core/platform/storageCipher.js";

/** A Vault token and its lease end (ms since the epoch). */
export interface HeldToken {
  token: string;
  expiresAt: number;
}

/** Where a client keeps the Vault tokens it holds between the pages of one tab: sessionStorage, sealed. */
export interface VaultCarry {
  /** The tab's storage (`sessionStorage`): it holds only the sealed list, never a token in plaintext. */
  storage: Storage;
  /** Seals the list; its key must outlive a page load (IndexedDB in browsers), never be extractable. */
  cipher: StorageCipher;
}

/**
 * The Vault tokens of one client, sealed in the tab's storage as they change, so that a later page of the tab (after a
 * redirect chain's hops or a reload) can still revoke, at logout, the tokens an earlier page obtained. Writes are
 * serialized so an older list never lands after a newer one; logout drops the list and the key.
 */
export interface HeldTokenCarry {
  /** Seals and stores `tokens` in place of what was stored (nothing is stored for an empty list). */
  save(tokens: HeldToken[]): void;
  /** What earlier pages of the tab stored and whose lease still runs (`[]` when none, unreadable or from another key). */
  load(now: number): Promise<HeldToken[]>;
  /** Removes the stored list and forgets the key: what was sealed is unreadable from now on. */
  clear(): Promise<void>;
}

const isHeld = (x: unknown): x is HeldToken =>
  typeof x === "object" && x !== null && typeof (x as HeldToken).token === "string" && typeof (x as HeldToken).expiresAt === "number";

/** A carry for the client `name` (its Vault URL, mount and role) over `carry`. */
export function createHeldTokenCarry(carry: VaultCarry, name: string): HeldTokenCarry {
  const key = `roa-vault:${name}:held`;
  let writing: Promise<void> = Promise.resolve();
  let generation = 0;
  const queue = (task: () => Promise<void>) => (writing = writing.then(task).catch(() => undefined));
  return {
    save(tokens) {
      const at = generation;
      void queue(async () => {
        if (at !== generation) return;
        if (tokens.length === 0) carry.storage.removeItem(key);
        else carry.storage.setItem(key, await carry.cipher.encrypt(JSON.stringify(tokens)));
      });
    },
    async load(now) {
      const sealed = carry.storage.getItem(key);
      if (sealed === null) return [];
      try {
        const list: unknown = JSON.parse((await carry.cipher.decrypt(sealed)) ?? "[]");
        return Array.isArray(list) ? list.filter(isHeld).filter((held) => held.expiresAt > now) : [];
      } catch {
        return [];
      }
    },
    clear() {
      generation += 1;
      return queue(async () => {
        carry.storage.removeItem(key);
        await carry.cipher.forget();
      });
    },
  };
}
