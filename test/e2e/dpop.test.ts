import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_CATALOGUE as C, startDevIdp, type DevIdp } from "../../dev-server/devIdp";
import { startSampleApi, type SampleApi } from "../../dev-server/sampleApi";
import { createProof, dpopKeyOf, generateDpopKeyPair } from "../../src/core/dpop/proof";
import { launchChromium } from "./support/chromium";
import { startE2eApp } from "./support/e2eApp";
import { submitDevIdpLogin } from "./support/devIdpForm";

// A DPoP journey in Chromium: login, a DPoP-bound token for the todos API through a hidden iframe, the kit's
// token-bound fetch reaching the sample API (which verifies proofs with jose), and the same token refused without the key.
let app: Awaited<ReturnType<typeof startE2eApp>>;
let idp: DevIdp;
let api: SampleApi;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const tokenBoundFetchModule = `/@fs${fileURLToPath(new URL("../../src/query/tokenBoundFetch.ts", import.meta.url))}`;

beforeAll(async () => {
  app = await startE2eApp();
  idp = await startDevIdp({ redirectUris: [app.url] });
  api = await startSampleApi({ kind: "todos", issuer: idp.issuer, audience: C.dpopBound.audience, corsOrigins: [new URL(app.url).origin] });
  browser = await launchChromium();
  app.setConfig({
    issuer: idp.issuer,
    clients: {
      app: { clientId: C.loginClientId, scope: C.loginScope },
      todos: { clientId: C.dpopBound.clientId, dpop: true, baseUrls: [api.url] },
    },
    show: ["todos"],
  });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([idp?.close(), api?.close(), app?.close()]);
});

describe("DPoP in Chromium", () => {
  it("logs in and gets a DPoP-bound todos token whose key IndexedDB holds non-extractable", async () => {
    page = await browser.context.newPage();
    await page.goto(app.url);
    await expect.poll(() => page.getByTestId("status").textContent()).toBe("loggedOut");
    await page.getByRole("button", { name: "Log in" }).click();
    await submitDevIdpLogin(page);
    await page.waitForURL((url) => url.href.startsWith(app.url));
    await expect.poll(() => page.getByTestId("token-todos").getAttribute("data-status"), { timeout: 15_000 }).toBe("ready");
    const seen = await page.evaluate(async () => {
      const oidc = (window as unknown as { oidc: { getSnapshot(): { apis: Record<string, { tokenType?: string }> } } }).oidc;
      const stored = await new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open("react-oidc-apis");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("keys").objectStore("keys").getAll();
          all.onsuccess = () => resolve(all.result as unknown[]);
        };
      });
      const pairs = stored.filter((v): v is CryptoKeyPair => typeof v === "object" && v !== null && "privateKey" in v);
      return {
        tokenType: oidc.getSnapshot().apis.todos?.tokenType,
        keys: pairs.map((p) => ({ extractable: p.privateKey.extractable, algorithm: (p.privateKey.algorithm as EcKeyAlgorithm).namedCurve })),
        exported: await crypto.subtle.exportKey("jwk", pairs[0]!.privateKey).then(() => "exported", () => "refused"),
      };
    });
    expect(seen).toEqual({ tokenType: "DPoP", keys: [{ extractable: false, algorithm: "P-256" }], exported: "refused" });
  });

  it("the token-bound fetch reaches the sample API with Authorization: DPoP and a fresh proof, also after a nonce challenge", async () => {
    api.setDpopNonceRequired(true);
    const before = api.log.length;
    // As a string: vitest would rewrite an import() written in this file for Node.
    const statuses = await page.evaluate(`(async () => {
      const { createTokenBoundFetch } = await import(${JSON.stringify(tokenBoundFetchModule)});
      const boundFetch = createTokenBoundFetch(window.oidc, "todos");
      const first = await boundFetch(${JSON.stringify(`${api.url}/todos`)});
      const second = await boundFetch(${JSON.stringify(`${api.url}/todos`)}, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "bound" }),
      });
      return [first.status, second.status];
    })()`);
    expect(statuses).toEqual([200, 201]);
    const served = api.log.slice(before).filter((e) => e.method !== "OPTIONS");
    expect(served.map((e) => `${e.method} ${e.status} ${e.scheme ?? e.reason}`)).toEqual(["GET 401 DPoP nonce required", "GET 200 DPoP", "POST 201 DPoP"]);
    api.setDpopNonceRequired(false);
  });

  it("a token stolen from the page is refused without its key: as Bearer, or with a proof of the thief's key", async () => {
    const token = await page.evaluate(() => (window as unknown as { oidc: { getApiToken(api: string): Promise<string> } }).oidc.getApiToken("todos"));
    const url = `${api.url}/todos`;
    const asBearer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(asBearer.status).toBe(401);
    expect(api.log.at(-1)?.reason).toBe("a DPoP-bound token presented as a bearer token");
    const thief = await dpopKeyOf(await generateDpopKeyPair());
    const proof = await createProof(thief, { method: "GET", url, nowMs: Date.now(), accessToken: token });
    const withThiefKey = await fetch(url, { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    expect(withThiefKey.status).toBe(401);
    expect(api.log.at(-1)?.reason).toBe("DPoP proof key does not match the token's cnf.jkt");
  });
});
