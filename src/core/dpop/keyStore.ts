import type { DpopKeyStore } from "../platform/environment.js";
import { keyDatabaseRequest } from "../platform/keyDatabase.js";

export type { DpopKeyStore } from "../platform/environment.js";

/** Keeps key pairs in this object only: for hosts without IndexedDB (a key then lives as long as the page). */
export function memoryDpopKeys(): DpopKeyStore {
  const pairs = new Map<string, CryptoKeyPair>();
  return {
    load: async (name) => pairs.get(name),
    save: async (name, pair) => {
      pairs.set(name, pair);
    },
    remove: async (name) => {
      pairs.delete(name);
    },
  };
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  const pair = value as Partial<CryptoKeyPair> | undefined;
  return typeof CryptoKey !== "undefined" && pair?.privateKey instanceof CryptoKey && pair.publicKey instanceof CryptoKey;
}

/** Keeps key pairs in IndexedDB: shared by the app's tabs (like the session), outliving a page load (like a login redirect). */
export function indexedDbDpopKeys(): DpopKeyStore {
  return {
    load: async (name) => {
      const value = await keyDatabaseRequest((store) => store.get(name) as IDBRequest<unknown>, "readonly");
      return isKeyPair(value) ? value : undefined;
    },
    save: (name, pair) => keyDatabaseRequest((store) => store.put(pair, name), "readwrite").then(() => undefined),
    remove: (name) => keyDatabaseRequest((store) => store.delete(name), "readwrite").then(() => undefined),
  };
}

/** The store a browser uses: IndexedDB where there is one, else memory. */
export function defaultDpopKeys(): DpopKeyStore {
  return typeof indexedDB === "undefined" ? memoryDpopKeys() : indexedDbDpopKeys();
}
