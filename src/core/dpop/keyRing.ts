import { OidcError } from "../errors.js";
import type { OidcEnvironment } from "../platform/environment.js";
import type { DpopKeyStore } from "./keyStore.js";
import { dpopKeyOf, generateDpopKeyPair, type DpopKey } from "./proof.js";

/**
 * One DPoP key pair per OAuth client for the length of the session: loaded from the store, else generated once
 * (under a lock the tabs share, so two tabs never make two keys) and stored. Signing reads the cached key, never
 * the store.
 */
export class DpopKeyRing {
  private readonly keys = new Map<string, Promise<DpopKey>>();

  constructor(
    private readonly store: DpopKeyStore,
    private readonly withLock: OidcEnvironment["withLock"],
    private readonly prefix: string,
  ) {}

  private nameOf(clientId: string): string {
    return `${this.prefix}dpop:${clientId}`;
  }

  /** The key of `clientId`; rejects with `dpop_failed` when the browser cannot make one (no WebCrypto P-256). */
  get(clientId: string): Promise<DpopKey> {
    let key = this.keys.get(clientId);
    if (key === undefined) {
      const name = this.nameOf(clientId);
      key = this.withLock(name, async () => {
        // A store that fails (IndexedDB blocked) costs the key's life beyond this page, not DPoP itself.
        const stored = await this.store.load(name).catch(() => undefined);
        if (stored) return dpopKeyOf(stored);
        const pair = await generateDpopKeyPair();
        await this.store.save(name, pair).catch(() => undefined);
        return dpopKeyOf(pair);
      }).catch((cause: unknown) => {
        if (this.keys.get(clientId) === key) this.keys.delete(clientId);
        throw new OidcError("dpop_failed", `No DPoP key could be made for client "${clientId}": this browser has no WebCrypto ECDSA P-256 (an insecure context?).`, { cause });
      });
      this.keys.set(clientId, key);
    }
    return key;
  }

  /**
   * Forgets the keys: the next request makes (or loads) new ones. `fromStore` also deletes them from the store, which
   * the tab where the session ended does; a tab told by another only drops what it cached.
   */
  async discard(clientIds: readonly string[], fromStore: boolean): Promise<void> {
    this.keys.clear();
    if (!fromStore) return;
    await Promise.all(clientIds.map((id) => this.withLock(this.nameOf(id), () => this.store.remove(this.nameOf(id))).catch(() => undefined)));
  }
}
