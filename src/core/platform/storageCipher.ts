import { lazyModule } from "./lazyModule.js";

/**
 * Encrypts what the kit persists (tokens, with `tokenStorage: "sessionStorage"`), so nothing sits in storage as
 * plaintext. The key is a non-extractable AES-GCM key: script can use it, nothing can export it.
 */
export interface StorageCipher {
  /** `plaintext` sealed with the key (created on first use). */
  encrypt(plaintext: string): Promise<string>;
  /** The plaintext of `sealed`, or `undefined` when it was sealed with another key, altered, or is not sealed. */
  decrypt(sealed: string): Promise<string | undefined>;
  /** Drops the key: everything sealed with it becomes unreadable (logout). */
  forget(): Promise<void>;
}

/** Where the cipher keeps its key between page loads. */
export interface CipherKeyStore {
  load(): Promise<CryptoKey | undefined>;
  save(key: CryptoKey): Promise<void>;
  remove(): Promise<void>;
}

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
