// @vitest-environment node
import { describe, expect, it } from "vitest";
import { createLocalLocks } from "../../../../src/core/platform/environment";
import { DpopKeyRing } from "../../../../src/core/dpop/keyRing";
import { memoryDpopKeys, type DpopKeyStore } from "../../../../src/core/dpop/keyStore";

function countingStore(): DpopKeyStore & { saves: number } {
  const inner = memoryDpopKeys();
  const store = {
    saves: 0,
    load: inner.load,
    remove: inner.remove,
    save: async (name: string, pair: CryptoKeyPair) => {
      store.saves += 1;
      await inner.save(name, pair);
    },
  };
  return store;
}

describe("DpopKeyRing", () => {
  it("makes one key per client id, once, even for concurrent callers", async () => {
    const store = countingStore();
    const ring = new DpopKeyRing(store, createLocalLocks(), "p:");
    const [a, b, c] = await Promise.all([ring.get("app"), ring.get("app"), ring.get("todos")]);
    expect(a).toBe(b);
    expect(a?.jkt).not.toBe(c?.jkt);
    expect(store.saves).toBe(2);
  });

  it("finds the key another page stored (a page load, another tab) instead of making one", async () => {
    const store = countingStore();
    const first = await new DpopKeyRing(store, createLocalLocks(), "p:").get("app");
    const second = await new DpopKeyRing(store, createLocalLocks(), "p:").get("app");
    expect(second.jkt).toBe(first.jkt);
    expect(store.saves).toBe(1);
  });

  it("discards: from the store where the session ended, only the cache in a tab that was told", async () => {
    const store = countingStore();
    const ring = new DpopKeyRing(store, createLocalLocks(), "p:");
    const first = await ring.get("app");
    await ring.discard(["app"], false);
    expect((await ring.get("app")).jkt).toBe(first.jkt);
    await ring.discard(["app"], true);
    expect(await store.load("p:dpop:app")).toBeUndefined();
    expect((await ring.get("app")).jkt).not.toBe(first.jkt);
  });
});
