import { describe, expect, it } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { backoffDelayMs } from "../../../src/vault/renewalPolicy";
import { VaultError } from "../../../src/vault/vaultError";
import type { VaultLogin } from "../../../src/vault/vaultLogin";
import { createVaultTokenCache } from "../../../src/vault/vaultTokenCache";
import { createManualClock } from "../../support/manualClock";

// The token cache alone, on a manual clock: every time below is an exact millisecond, nothing sleeps.
function setup(options: { leaseSeconds?: number; random?: () => number; frozenClock?: boolean } = {}) {
  const clock = createManualClock(0);
  const now = options.frozenClock ? () => 0 : clock.now;
  const world = {
    clock,
    upstream: "upstream-1",
    leaseSeconds: options.leaseSeconds ?? 3600,
    /** Errors the next logins throw, in order. */
    failures: [] as unknown[],
    logins: [] as { at: number; jwt: string }[],
    revoked: [] as string[],
  };
  let issued = 0;
  const cache = createVaultTokenCache({
    scope: "https://vault.test::jwt::web-app",
    upstreamToken: async () => world.upstream,
    login: async (jwt): Promise<VaultLogin> => {
      world.logins.push({ at: clock.now(), jwt });
      if (world.failures.length > 0) throw world.failures.shift();
      issued += 1;
      return { accessToken: `hvs.${issued}`, accessor: "", expiresAt: now() + world.leaseSeconds * 1000, policies: [], renewable: true };
    },
    revoke: async (token) => void world.revoked.push(token),
    now,
    timers: clock.timers,
    random: options.random ?? (() => 0.5),
    renewBeforeExpirySeconds: 30,
  });
  const loginTimes = () => world.logins.map((l) => l.at);
  return { ...world, world, cache, loginTimes };
}

const sealed = () => new VaultError("vault_unreachable", "sealed", { status: 503, errors: ["Vault is sealed"] });

describe("renewal on the cache's own timers", () => {
  it("renews a token in use exactly renewBeforeExpirySeconds before its lease ends", async () => {
    const { cache, clock, loginTimes } = setup();
    cache.subscribe(() => {});
    await cache.get();
    expect(cache.getSnapshot().refreshAt).toBe(3_570_000);
    await clock.advance(3_569_999);
    expect(loginTimes()).toEqual([0]);
    await clock.advance(1);
    expect(loginTimes()).toEqual([0, 3_570_000]);
    expect(cache.getSnapshot()).toMatchObject({ status: "ready", login: { accessToken: "hvs.2" }, refreshAt: 7_140_000 });
  });

  it("renews a lease shorter than twice the margin at its half", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 20 });
    cache.subscribe(() => {});
    await cache.get();
    await clock.advance(9_999);
    expect(loginTimes()).toEqual([0]);
    await clock.advance(1);
    expect(loginTimes()).toEqual([0, 10_000]);
  });

  it("keeps two logins for one upstream token at least 5 s apart, and never reports an expired token ready", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 2 });
    cache.subscribe(() => {});
    await cache.get();
    expect(cache.getSnapshot().refreshAt).toBe(1_000);
    await clock.advance(1_999);
    expect(cache.getSnapshot().status).toBe("ready");
    expect(loginTimes()).toEqual([0]);
    await clock.advance(1);
    expect(cache.getSnapshot().status).toBe("loading");
    await clock.advance(2_999);
    expect(loginTimes()).toEqual([0]);
    await clock.advance(1);
    expect(loginTimes()).toEqual([0, 5_000]);
    await clock.advance(60_000);
    // One login per 5 s at most, however short the lease.
    expect(loginTimes()).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 35_000, 40_000, 45_000, 50_000, 55_000, 60_000, 65_000]);
  });

  it("cannot chain logins when the clock stands still (the floor is on the timers)", async () => {
    const { cache, clock, world } = setup({ leaseSeconds: 1, frozenClock: true });
    cache.subscribe(() => {});
    await cache.get();
    await clock.advance(60_000);
    expect(world.logins.length).toBeLessThanOrEqual(13);
  });

  it("serves the current token while its renewal waits out the floor", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 4 });
    await cache.get();
    await clock.advance(2_500);
    // Past refreshAt (2 s), before the lease end (4 s), inside the floor (5 s): no wait, no login yet.
    expect((await cache.get()).accessToken).toBe("hvs.1");
    expect(loginTimes()).toEqual([0]);
    await clock.advance(2_500);
    expect(loginTimes()).toEqual([0, 5_000]);
    expect((await cache.get()).accessToken).toBe("hvs.2");
  });

  it("logs in at once for a new upstream token, floor or not", async () => {
    const { cache, world, loginTimes } = setup();
    await cache.get();
    world.upstream = "upstream-2";
    expect((await cache.get()).accessToken).toBe("hvs.2");
    expect(loginTimes()).toEqual([0, 0]);
    expect(world.logins.map((l) => l.jwt)).toEqual(["upstream-1", "upstream-2"]);
  });
});

describe("renewal only while the token is used", () => {
  it("does not renew a token nobody asked for since it was minted, and drops it when its lease ends", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 60 });
    await cache.get();
    await clock.advance(59_999);
    expect(loginTimes()).toEqual([0]);
    expect(cache.getSnapshot().status).toBe("ready");
    await clock.advance(1);
    expect(cache.getSnapshot().status).toBe("idle");
    expect(clock.scheduled()).toEqual([]);
    await clock.advance(600_000);
    expect(loginTimes()).toEqual([0]);
  });

  it("renews once for a caller that asked after the mint, then stops", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 60 });
    await cache.get();
    await clock.advance(10_000);
    await cache.get();
    await clock.advance(20_000);
    expect(loginTimes()).toEqual([0, 30_000]);
    await clock.advance(600_000);
    expect(loginTimes()).toEqual([0, 30_000]);
    expect(cache.getSnapshot().status).toBe("idle");
  });

  it("stops renewing when the last subscriber leaves, and renews again when one comes back past refreshAt", async () => {
    const { cache, clock, loginTimes } = setup({ leaseSeconds: 60 });
    const unsubscribe = cache.subscribe(() => {});
    await cache.get();
    await clock.advance(30_000);
    expect(loginTimes()).toEqual([0, 30_000]);
    unsubscribe();
    await clock.advance(40_000);
    expect(loginTimes()).toEqual([0, 30_000]);
    // 70 s: the token of 30 s (lease end 90 s) was not renewed at 60 s; a subscriber brings the renewal back.
    cache.subscribe(() => {});
    await clock.flush();
    expect(loginTimes()).toEqual([0, 30_000, 70_000]);
  });
});

describe("transient failures: backoff with jitter; final failures: no retry", () => {
  it("retries a login that failed with 5xx after 1, 2, 4, 8, 16, 30, 30 s while subscribed", async () => {
    const { cache, clock, world, loginTimes } = setup();
    world.failures.push(...Array.from({ length: 7 }, sealed));
    cache.subscribe(() => {});
    await expect(cache.get()).rejects.toMatchObject({ code: "vault_unreachable" });
    expect(cache.getSnapshot()).toMatchObject({ status: "error", error: { code: "vault_unreachable" } });
    await clock.advance(200_000);
    expect(loginTimes()).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000, 61_000, 91_000]);
    expect(cache.getSnapshot()).toMatchObject({ status: "ready", login: { accessToken: "hvs.1" } });
  });

  it("spreads the delays with the injected random (±25 %) and honours Retry-After", () => {
    expect([0, 1, 2, 5, 6].map((n) => backoffDelayMs(n, () => 0.5))).toEqual([1_000, 2_000, 4_000, 30_000, 30_000]);
    expect(backoffDelayMs(0, () => 0)).toBe(750);
    expect(backoffDelayMs(0, () => 0.999_999)).toBe(1_250);
    expect(backoffDelayMs(0, () => 0.5, 12_000)).toBe(12_000);
    expect(backoffDelayMs(0, () => Number.NaN)).toBe(750);
  });

  it("retries an unreachable IdP (upstream) the same way", async () => {
    const { cache, clock, world, loginTimes } = setup();
    let upstreamFailures = 2;
    const original = world.upstream;
    Object.defineProperty(world, "upstream", {
      get: () => {
        if (upstreamFailures-- > 0) throw new OidcError("idp_unreachable", "down");
        return original;
      },
    });
    cache.subscribe(() => {});
    await expect(cache.get()).rejects.toMatchObject({ code: "idp_unreachable" });
    await clock.advance(2_999);
    expect(loginTimes()).toEqual([]);
    await clock.advance(1);
    expect(loginTimes()).toEqual([3_000]);
    expect(cache.getSnapshot().status).toBe("ready");
  });

  it("does not retry without a subscriber", async () => {
    const { cache, clock, world, loginTimes } = setup();
    world.failures.push(sealed());
    await expect(cache.get()).rejects.toMatchObject({ code: "vault_unreachable" });
    await clock.advance(120_000);
    expect(loginTimes()).toEqual([0]);
  });

  it("does not retry a 4xx", async () => {
    const { cache, clock, world, loginTimes } = setup();
    world.failures.push(new VaultError("vault_login_failed", "bad role", { status: 400, errors: ['role "x" could not be found'] }));
    cache.subscribe(() => {});
    await expect(cache.get()).rejects.toMatchObject({ code: "vault_login_failed" });
    await clock.advance(600_000);
    expect(loginTimes()).toEqual([0]);
    expect(cache.getSnapshot()).toMatchObject({ status: "error", error: { code: "vault_login_failed" } });
  });

  it("keeps a working token ready through a failed renewal, retries, and reports the error only once it expired", async () => {
    const { cache, clock, world, loginTimes } = setup({ leaseSeconds: 60 });
    cache.subscribe(() => {});
    await cache.get();
    world.failures.push(...Array.from({ length: 6 }, sealed));
    await clock.advance(30_000);
    expect(cache.getSnapshot()).toMatchObject({ status: "ready", login: { accessToken: "hvs.1" } });
    await clock.advance(30_000);
    // Attempts at 30, 31, 33, 37, 45 s; the lease ended at 60 s.
    expect(loginTimes()).toEqual([0, 30_000, 31_000, 33_000, 37_000, 45_000]);
    expect(cache.getSnapshot()).toMatchObject({ status: "error", login: undefined, error: { code: "vault_unreachable" } });
    await clock.advance(60_000);
    expect(loginTimes()).toEqual([0, 30_000, 31_000, 33_000, 37_000, 45_000, 61_000, 91_000]);
    expect(cache.getSnapshot()).toMatchObject({ status: "ready", login: { accessToken: "hvs.2" } });
  });
});

describe("logout and bookkeeping", () => {
  it("clears every timer at logout: nothing is scheduled, nothing logs in afterwards", async () => {
    const { cache, clock, world, loginTimes } = setup({ leaseSeconds: 2 });
    cache.subscribe(() => {});
    await cache.get();
    await clock.advance(1_500);
    world.failures.push(sealed());
    expect(clock.scheduled().length).toBeGreaterThan(0);
    await cache.revokeAll();
    expect(clock.scheduled()).toEqual([]);
    await clock.advance(600_000);
    expect(loginTimes()).toEqual([0]);
    expect(world.revoked).toEqual(["hvs.1"]);
    expect(cache.getSnapshot().status).toBe("idle");
  });

  it("fails a login that waited out the floor at logout without sending it", async () => {
    const { cache, clock, world, loginTimes } = setup({ leaseSeconds: 2 });
    await cache.get();
    await clock.advance(2_500);
    const waiting = cache.get();
    await cache.revokeAll();
    await expect(waiting).rejects.toMatchObject({ code: "logged_out" });
    await clock.advance(10_000);
    expect(loginTimes()).toEqual([0]);
    expect(world.revoked).toEqual(["hvs.1"]);
  });

  it("holds at most 32 tokens for logout: older replaced tokens are revoked as they are pushed out", async () => {
    const { cache, clock, world } = setup();
    for (let i = 1; i <= 100; i++) {
      world.upstream = `upstream-${i}`;
      await cache.get();
    }
    await clock.flush();
    expect(world.revoked).toHaveLength(68);
    expect(world.revoked).toEqual(Array.from({ length: 68 }, (_, i) => `hvs.${i + 1}`));
    await cache.revokeAll();
    expect(world.revoked.slice(68).sort()).toEqual(Array.from({ length: 32 }, (_, i) => `hvs.${i + 69}`).sort());
  });

  it("forgets expired tokens instead of holding them for logout", async () => {
    const { cache, clock, world } = setup({ leaseSeconds: 10 });
    await cache.get();
    await clock.advance(11_000);
    world.upstream = "upstream-2";
    await cache.get();
    await cache.revokeAll();
    expect(world.revoked).toEqual(["hvs.2"]);
  });
});
