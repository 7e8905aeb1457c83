// What sealing is, apart from how (storageSeal.ts) and when its code loads (storageCipher.ts).

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
