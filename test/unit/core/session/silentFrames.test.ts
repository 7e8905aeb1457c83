import { createStorageCipher, memoryKeyStore } from "../../../../src/core/platform/storageCipher";
import { describe, expect, it } from "vitest";
import { OidcError } from "../../../../src/core/errors";
import { SessionMemory } from "../../../../src/core/session/sessionMemory";
import { silentFrames } from "../../../../src/core/session/silentFrames";
import { MemoryStorage } from "../../../support/testBrowser";

const config = { redirectUri: "https://app.example/", silentTimeoutMs: 10_000 };

function setup(outcomes: (string | OidcError)[]) {
  const loaded: string[] = [];
  const storage = new MemoryStorage();
  const memory = new SessionMemory(storage, "t:", createStorageCipher(memoryKeyStore()));
  const runInIframe = async (url: string) => {
    loaded.push(url);
    const next = outcomes.shift();
    if (next instanceof OidcError) throw next;
    return next ?? "https://app.example/?code=c&state=s";
  };
  return { run: silentFrames({ runInIframe }, memory, config), loaded, memory, storage };
}

describe("silentFrames", () => {
  it("remembers a refused frame for the tab: later requests fail at once, for any API, without loading a frame", async () => {
    const { run, loaded, storage } = setup([new OidcError("silent_refused", "refused: set sessionRestoration")]);
    await expect(run("https://idp.example/auth?1", "app")).rejects.toMatchObject({ code: "silent_refused", api: "app" });
    await expect(run("https://idp.example/auth?2", "todos")).rejects.toMatchObject({
      code: "silent_refused",
      api: "todos",
      message: "refused: set sessionRestoration",
    });
    expect(loaded).toEqual(["https://idp.example/auth?1"]);
    // A new page load of the same tab (same sessionStorage) knows it too.
    const reloaded = silentFrames({ runInIframe: () => Promise.reject(new Error("must not load")) }, new SessionMemory(storage, "t:", createStorageCipher(memoryKeyStore())), config);
    await expect(reloaded("https://idp.example/auth?3", "app")).rejects.toMatchObject({ code: "silent_refused" });
  });

  it("does not remember a slow IdP or an answer: each request loads its frame", async () => {
    const { run, loaded, memory } = setup([new OidcError("silent_timeout", "slow"), "https://app.example/?code=c&state=s"]);
    await expect(run("https://idp.example/auth?1", "app")).rejects.toMatchObject({ code: "silent_timeout" });
    await expect(run("https://idp.example/auth?2", "app")).resolves.toBe("https://app.example/?code=c&state=s");
    expect(loaded).toHaveLength(2);
    expect(memory.silentRefusal).toBeNull();
  });

  it("survives logout: the refusal describes the IdP, not the session", async () => {
    const { run, memory } = setup([new OidcError("silent_refused", "refused")]);
    await run("https://idp.example/auth", "app").catch(() => undefined);
    memory.forget();
    expect(memory.silentRefusal).toBe("refused");
  });
});
