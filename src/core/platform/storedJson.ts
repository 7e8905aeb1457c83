/** The JSON value stored under `key`, `null` when there is none, `undefined` when it is unreadable (not JSON). */
export function readStoredJson(storage: Pick<Storage, "getItem">, key: string): unknown {
  try {
    return JSON.parse(storage.getItem(key) ?? "null");
  } catch {
    return undefined;
  }
}
