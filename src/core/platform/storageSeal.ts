import type { CipherKeyStore, StorageCipher } from "./cipher.js";
import { keyDatabaseRequest } from "./keyDatabase.js";

// The sealing itself, loaded by storageCipher.ts on first use: an app that never seals anything (tokens in memory, no
// redirect chain carrying a session) never downloads it.

const toBase64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** A cipher over AES-GCM (random 96-bit IV per message) whose key lives in `keys`. */
export function aesGcmCipher(keys: CipherKeyStore): StorageCipher {
  let key: Promise<CryptoKey> | undefined;
  const currentKey = (create: boolean): Promise<CryptoKey | undefined> => {
    if (key) return key;
    return keys.load().then(async (stored) => {
      if (stored) key = Promise.resolve(stored);
      if (stored || !create) return stored;
      const fresh = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
      await keys.save(fresh);
      key = Promise.resolve(fresh);
      return fresh;
    });
  };
  return {
    async encrypt(plaintext) {
      const k = (await currentKey(true)) as CryptoKey;
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, k, new TextEncoder().encode(plaintext));
      return `${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },
    async decrypt(sealed) {
      const [iv, data] = sealed.split(".").map(fromBase64Url);
      const k = await currentKey(false).catch(() => undefined);
      if (!k || !iv || !data || iv.length !== 12) return undefined;
      try {
        return new TextDecoder().decode(await crypto.subtle.decrypt({ name: "AES-GCM", iv }, k, data));
      } catch {
        return undefined;
      }
    },
    async forget() {
      key = undefined;
      await keys.remove().catch(() => undefined);
    },
  };
}

/** Keeps the (non-extractable) key in IndexedDB under `name`, so a reload can read what this tab sealed. */
export function indexedDbKeys(name: string): CipherKeyStore {
  return {
    load: () => keyDatabaseRequest<CryptoKey | undefined>((store) => store.get(name) as IDBRequest<CryptoKey | undefined>, "readonly"),
    save: (key) => keyDatabaseRequest((store) => store.put(key, name), "readwrite").then(() => undefined),
    remove: () => keyDatabaseRequest((store) => store.delete(name), "readwrite").then(() => undefined),
  };
}
