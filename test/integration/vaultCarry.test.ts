// Logout revokes every Vault token the tab's session obtained, those of pages it left included (a redirect chain's
// earlier pages, a reload): each page's client keeps its tokens sealed in the tab's storage, the next page's client
// reads them, and its logout revokes them all. Against the dev Vault, with access tokens from the real dev IdP.
import { describe, expect, it } from "vitest";
import { createStorageCipher, memoryKeyStore } from "../../src/core/platform/storageCipher";
import type { VaultCarry } from "../../src/vault/heldTokenCarry";
import { createVaultClient } from "../../src/vault/vaultClient";
import { MemoryStorage } from "../support/testBrowser";
import { oidcWithVaultToken, signIn, useVaultStack } from "./vaultSupport";

const { idp, vault } = useVaultStack();

const revocationsSince = (mark: number) => vault().log.slice(mark).filter((entry) => entry.path === "/v1/auth/token/revoke-self").length;
const lookupSelf = async (token: string) => (await fetch(`${vault().url}/v1/auth/token/lookup-self`, { headers: { "X-Vault-Token": token } })).status;

/** One tab: its sessionStorage and a sealing key that outlives a page load (IndexedDB in a browser). */
function tab(): VaultCarry & { storage: MemoryStorage } {
  return { storage: new MemoryStorage(), cipher: createStorageCipher(memoryKeyStore()) };
}

/** A page of the tab: a new Vault client (a page load makes a new one), exchanging `accessToken`. */
function page(carry: VaultCarry | false, accessToken: string) {
  return createVaultClient({ api: "vault", oidc: oidcWithVaultToken("alice", accessToken), vaultUrl: vault().url, role: "web-app", carry });
}

/** Waits until the tab's storage holds a sealed list (sealing is asynchronous). */
async function sealed(carry: ReturnType<typeof tab>): Promise<string[]> {
  await expect.poll(() => carry.storage.values().length).toBe(1);
  return carry.storage.values();
}

describe("Vault tokens across the pages of a tab", () => {
  it("logout on a later page revokes the tokens an earlier page obtained; the tab's storage never holds one readable", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice");
    const carry = tab();
    const first = await page(carry, accessToken).getVaultToken();
    for (const value of await sealed(carry)) expect(value).not.toContain(first.accessToken);
    // The page leaves (a redirect hop): its client is gone without a logout. The next page logs in to Vault again.
    const laterPage = page(carry, accessToken);
    const second = await laterPage.getVaultToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    const mark = vault().log.length;
    await laterPage.revokeAll();
    expect(revocationsSince(mark)).toBe(2);
    expect([await lookupSelf(first.accessToken), await lookupSelf(second.accessToken)]).toEqual([403, 403]);
    // Nothing stays behind: the list is gone and its key forgotten.
    expect(carry.storage.values()).toEqual([]);
  });

  it("a third page still carries the first page's token (the list follows the tab until logout)", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice");
    const carry = tab();
    const first = await page(carry, accessToken).getVaultToken();
    await sealed(carry);
    // A page that obtains nothing still passes the list on.
    page(carry, accessToken);
    const third = page(carry, accessToken);
    const mark = vault().log.length;
    await third.revokeAll();
    expect(revocationsSince(mark)).toBe(1);
    expect(await lookupSelf(first.accessToken)).toBe(403);
  });

  it("with carry: false an earlier page's token outlives logout (until its lease ends)", async () => {
    const { accessToken } = await signIn(idp().issuer, "alice");
    const first = await page(false, accessToken).getVaultToken();
    const mark = vault().log.length;
    await page(false, accessToken).revokeAll();
    expect(revocationsSince(mark)).toBe(0);
    expect(await lookupSelf(first.accessToken)).toBe(200);
  });
});
