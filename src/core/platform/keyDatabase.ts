// The kit's one IndexedDB database, where keys that must outlive a page load live as non-extractable CryptoKeys:
// the storage cipher's keys and the DPoP key pairs.
const DB = "react-oidc-apis";
const STORE = "keys";

/**
 * Runs one request on the key store. It resolves once the transaction is durable, not when the request succeeds: a
 * page that navigates away right after (a redirect hop) still finds the key on the next page.
 */
export function keyDatabaseRequest<T>(run: (store: IDBObjectStore) => IDBRequest<T>, mode: IDBTransactionMode): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction(STORE, mode);
      const req = run(transaction.objectStore(STORE));
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
