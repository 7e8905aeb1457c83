import type { DpopKeyStore } from "../platform/environment.js";

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

// The database of the storage cipher's keys: one place for every key of the kit.
const DB = "react-oidc-apis";
const STORE = "keys";

function request<T>(run: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction(STORE, mode);
      const req = run(transaction.objectStore(STORE));
      // Resolved once the transaction is durable, not when the request succeeds: a page leaving right after still finds it.
      transaction.oncomplete = () => {
        db.close();
        resolve(req.result);
      };
      transaction.onerror = transaction.onabort = () => {
        db.close();
        reject(transaction.error ?? req.error);
      };
    };
  });
}

function isKeyPair(value: unknown): value is CryptoKeyPair {
  const pair = value as Partial<CryptoKeyPair> | undefined;
  return typeof CryptoKey !== "undefined" && pair?.privateKey instanceof CryptoKey && pair.publicKey instanceof CryptoKey;
}

/** Keeps key pairs in IndexedDB: shared by the app's tabs (like the session), outliving a page load (like a login redirect). */
export function indexedDbDpopKeys(): DpopKeyStore {
  return {
    load: async (name) => {
      const value = await request((store) => store.get(name) as IDBRequest<unknown>, "readonly");
      return isKeyPair(value) ? value : undefined;
    },
    save: (name, pair) => request((store) => store.put(pair, name), "readwrite").then(() => undefined),
    remove: (name) => request((store) => store.delete(name), "readwrite").then(() => undefined),
  };
}

/** The store a browser uses: IndexedDB where there is one, else memory. */
export function defaultDpopKeys(): DpopKeyStore {
  return typeof indexedDB === "undefined" ? memoryDpopKeys() : indexedDbDpopKeys();
}
