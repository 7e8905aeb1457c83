import type { CipherKeyStore, StorageCipher } from "./cipher.js";
import { lazyModule } from "./lazyModule.js";

export type { CipherKeyStore, StorageCipher } from "./cipher.js";

// AES-GCM and IndexedDB live in storageSeal.ts, imported on the first seal, unseal or forget: most page loads do none.
const seal = lazyModule(() => import("./storageSeal.js"));

/** A cipher over AES-GCM (random 96-bit IV per message) whose key lives in `keys`; its code loads on first use. */
export function createStorageCipher(keys: CipherKeyStore): StorageCipher {
  let cipher: Promise<StorageCipher> | undefined;
  const loaded = () => (cipher ??= seal().then((module) => module.aesGcmCipher(keys)).catch((error: unknown) => {
    cipher = undefined;
    throw error;
  }));
  return {
    encrypt: async (plaintext) => (await loaded()).encrypt(plaintext),
    decrypt: async (sealed) => (await loaded()).decrypt(sealed),
    // Nothing loaded means no key in this page: only the stored one, if any, is dropped.
    forget: async () => (cipher ? (await cipher).forget() : keys.remove().catch(() => undefined)),
  };
}

/** Keeps the key in memory only: sealed data outlives neither the page nor this object. */
export function memoryKeyStore(): CipherKeyStore {
  let stored: CryptoKey | undefined;
  return {
    load: async () => stored,
    save: async (key) => {
      stored = key;
    },
    remove: async () => {
      stored = undefined;
    },
  };
}

/** Keeps the (non-extractable) key in IndexedDB under `name`, so a reload can read what this tab sealed. */
export function indexedDbKeyStore(name: string): CipherKeyStore {
  const keys = async () => (await seal()).indexedDbKeys(name);
  return {
    load: async () => (await keys()).load(),
    save: async (key) => (await keys()).save(key),
    remove: async () => (await keys()).remove(),
  };
}
