import { describe, expect, it } from "vitest";
import { createStorageCipher, memoryKeyStore } from "../../../../src/core/platform/storageCipher";

describe("StorageCipher", () => {
  it("round-trips, and never stores the plaintext", async () => {
    const cipher = createStorageCipher(memoryKeyStore());
    const sealed = await cipher.encrypt('{"accessToken":"eyJhbGciOi.secret"}');
    expect(sealed).not.toContain("secret");
    expect(sealed).not.toContain("accessToken");
    expect(await cipher.decrypt(sealed)).toBe('{"accessToken":"eyJhbGciOi.secret"}');
  });

  it("reads nothing that was altered, sealed with another key, not sealed, or sealed before forget()", async () => {
    const keys = memoryKeyStore();
    const cipher = createStorageCipher(keys);
    const sealed = await cipher.encrypt("token");
    const [iv, data] = sealed.split(".");
    const flipped = `${iv}.${data?.startsWith("A") ? `B${data.slice(1)}` : `A${data?.slice(1)}`}`;
    expect(await cipher.decrypt(flipped)).toBeUndefined();
    expect(await createStorageCipher(memoryKeyStore()).decrypt(sealed)).toBeUndefined();
    expect(await cipher.decrypt('{"accessToken":"plain"}')).toBeUndefined();
    expect(await createStorageCipher(keys).decrypt(sealed)).toBe("token"); // same key store: a reload reads it
    await cipher.forget();
    expect(await cipher.decrypt(sealed)).toBeUndefined();
  });
});
