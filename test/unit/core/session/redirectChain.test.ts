import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../../src/core/config";
import { createStorageCipher, memoryKeyStore } from "../../../../src/core/platform/storageCipher";
import { RedirectChain } from "../../../../src/core/session/redirectChain";
import type { Authorizer } from "../../../../src/core/tokens/authorizer";
import { FakeClock } from "../../../support/fakeClock";
import { MemoryStorage } from "../../../support/testBrowser";

function setup() {
  const clock = new FakeClock();
  const navigations: string[] = [];
  const built: string[] = [];
  const discarded: string[] = [];
  const config = resolveConfig(
    { issuer: "https://idp.ok", clients: { app: { clientId: "myapp" }, vault: { clientId: "myapp-vault" }, s3: { clientId: "myapp-s3" } } },
    "https://app.ok",
  );
  const chain = new RedirectChain({
    config,
    env: { sessionStorage: new MemoryStorage(), now: clock.now, navigate: (url) => navigations.push(url), replaceUrl: () => undefined, currentUrl: () => "https://app.ok/page", timers: clock },
    authorizer: {
      request: async (unit: { clientId: string }) => {
        built.push(unit.clientId);
        return { url: `https://idp.ok/auth?client_id=${unit.clientId}&state=s-${unit.clientId}`, state: `s-${unit.clientId}` };
      },
      discard: (state: string) => discarded.push(state),
    } as unknown as Authorizer,
    storageKey: "k",
    cipher: createStorageCipher(memoryKeyStore()),
    hopCandidates: () => [],
    currentSession: () => ({ sessionId: "s1", user: { sub: "alice" }, grants: {}, sets: {} }),
    defaultReturnTo: () => "https://app.ok/page",
    settled: async () => undefined,
  });
  return { clock, chain, navigations, built, discarded };
}

// Sealing runs on WebCrypto, and the code that starts a chain loads by import(), both outside the fake clock: let them
// finish for real.
const sealed = () => new Promise((resolve) => setTimeout(resolve, 30));
const loaded = sealed;

describe("RedirectChain", () => {
  it("stops a redirect loop: a fifth hop for one API within two minutes is refused with redirect_loop, across page loads", async () => {
    const { clock, chain, navigations } = setup();
    for (let i = 0; i < 4; i++) {
      void chain.requestHop("vault");
      await loaded();
      await clock.advance(1_000);
      await sealed();
    }
    expect(navigations).toHaveLength(4);
    await expect(chain.requestHop("vault")).rejects.toMatchObject({ code: "redirect_loop", api: "vault" });
    await clock.advance(120_000);
    void chain.requestHop("vault");
    await loaded();
    await clock.advance(50);
    await sealed();
    expect(navigations).toHaveLength(5);
  });

  it("carries the page's session sealed, so the chain hops only for the API asked for", async () => {
    const { clock, chain, navigations } = setup();
    void chain.requestHop("vault");
    await loaded();
    await clock.advance(50);
    await sealed();
    expect(navigations.map((url) => new URL(url).searchParams.get("client_id"))).toEqual(["myapp-vault"]);
  });

  it("builds every hop's request when the chain starts, so a hop page navigates on without building one", async () => {
    const { clock, chain, navigations, built } = setup();
    void chain.requestHop("vault");
    void chain.requestHop("s3");
    await loaded();
    await clock.advance(50);
    await sealed();
    expect(built).toEqual(["myapp-vault", "myapp-s3"]);
    expect(navigations).toEqual(["https://idp.ok/auth?client_id=myapp-vault&state=s-myapp-vault"]);
    void chain.continue("https://app.ok/page?code=c1&state=s-myapp-vault");
    await sealed();
    expect(navigations.at(-1)).toBe("https://idp.ok/auth?client_id=myapp-s3&state=s-myapp-s3");
    expect(built).toHaveLength(2);
  });

  it("drops the requests built for hops a chain will not make (the login refused)", async () => {
    const { clock, chain, navigations, discarded } = setup();
    void chain.startLogin("https://app.ok/page", ["vault", "s3"]);
    await loaded();
    await clock.advance(50);
    expect(navigations).toHaveLength(1);
    const outcome = await chain.continue("https://app.ok/page?error=access_denied&state=s-myapp");
    expect(outcome.responses).toHaveLength(1);
    expect(navigations).toHaveLength(1);
    expect(discarded.sort()).toEqual(["s-myapp-s3", "s-myapp-vault"]);
  });
});
