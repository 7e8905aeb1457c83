import { describe, expect, it } from "vitest";
import { createStorageCipher, memoryKeyStore } from "../../../../src/core/platform/storageCipher";
import { SessionMemory } from "../../../../src/core/session/sessionMemory";
import { claimTab, storedSession } from "../../../../src/core/session/tokenPersistence";
import type { TokenSet } from "../../../../src/core/tokens/tokenSet";
import { MemoryStorage } from "../../../support/testBrowser";

const idToken = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;
const set: TokenSet = { accessToken: "at-files", tokenType: "Bearer", obtainedAt: 0, expiresAt: 60_000, scope: "files:read" };
const tokens = { sets: { files: set }, grants: { app: { refreshToken: "refresh-token-of-alice", idToken: idToken({ sub: "alice" }) } } };

function setup() {
  const storage = new MemoryStorage();
  const keys = memoryKeyStore();
  return { storage, keys, memory: new SessionMemory(storage, "t:", createStorageCipher(keys)) };
}

/** The page's environment when another tab (the original of a duplicated one) holds the tab ids in `held`. */
function tabsHolding(held: Set<string>) {
  const asked: string[] = [];
  return { asked, claimTab: async (name: string) => (asked.push(name), !held.has(name)) };
}

describe("tokenPersistence", () => {
  it("takes over the session this tab sealed, once the write under way has landed", async () => {
    const { memory, storage } = setup();
    void memory.writeTokens(tokens);
    const session = await storedSession(memory, "app");
    expect(session).toMatchObject({ user: { sub: "alice" }, grants: tokens.grants, sets: tokens.sets });
    expect(session?.sessionId).toMatch(/^[\w-]{16,}$/);
    expect(storage.getItem("t:tokens")).not.toContain("refresh-token-of-alice"); // sealed, never plaintext
  });

  it("finds no session without the login's refresh token, an ID token naming the user, or a readable seal", async () => {
    const { memory, storage, keys } = setup();
    await memory.writeTokens({ sets: {}, grants: { app: { refreshToken: undefined, idToken: tokens.grants.app.idToken } } });
    expect(await storedSession(memory, "app")).toBeUndefined();
    await memory.writeTokens({ sets: {}, grants: { app: { refreshToken: "rt", idToken: idToken({ name: "no sub" }) } } });
    expect(await storedSession(memory, "app")).toBeUndefined();
    await memory.writeTokens(tokens);
    expect(await storedSession(memory, "files")).toBeUndefined();
    // Sealed with a key this page no longer has (another page's, or dropped), or not sealed at all.
    expect(await storedSession(new SessionMemory(storage, "t:", createStorageCipher(memoryKeyStore())), "app")).toBeUndefined();
    storage.setItem("t:tokens", JSON.stringify(tokens));
    expect(await storedSession(new SessionMemory(storage, "t:", createStorageCipher(keys)), "app")).toBeUndefined();
  });

  it("keeps the tokens of a tab that holds its own id", async () => {
    const { memory } = setup();
    await memory.writeTokens(tokens);
    const env = tabsHolding(new Set());
    await claimTab(env, memory, "t:");
    await claimTab(env, memory, "t:"); // a reload of the same tab: same id
    expect(new Set(env.asked).size).toBe(1);
    expect(await storedSession(memory, "app")).toBeDefined();
  });

  it("makes a duplicated tab drop the copied tokens and claim an id of its own", async () => {
    const { memory, storage } = setup();
    await memory.writeTokens(tokens);
    await claimTab(tabsHolding(new Set()), memory, "t:");
    const original = storage.getItem("t:tab")!;
    // The duplicate inherits sessionStorage (tab id and tokens); the original page still holds the id.
    const env = tabsHolding(new Set([`t:tab:${original}`]));
    await claimTab(env, memory, "t:");
    expect(env.asked).toEqual([`t:tab:${original}`, `t:tab:${storage.getItem("t:tab")}`]);
    expect(storage.getItem("t:tab")).not.toBe(original);
    expect(await storedSession(memory, "app")).toBeUndefined();
  });
});
