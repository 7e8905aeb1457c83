import { describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../../src/core/errors";
import { RetrySchedule } from "../../../../src/core/tokens/retrySchedule";
import { TokenMachine, type TokenMachineDeps } from "../../../../src/core/tokens/tokenMachine";
import type { TokenSet } from "../../../../src/core/tokens/tokenSet";
import type { ApiTokenState, ResolvedApiClient } from "../../../../src/core/types";
import { FakeClock, flush } from "../../../support/fakeClock";

const unit: ResolvedApiClient = { name: "files", clientId: "app", strategy: "resource", scope: "files", expectedAudience: undefined, extraAuthorizeParams: {}, extraTokenParams: {}, idTokenHint: "own" };

type Outcome = TokenSet | OidcError | "hang";

/** A machine on a fake clock; `acquire` answers from `outcomes` in order, then issues fresh tokens of `lifetimeMs`. */
function setup(options: { lifetimeMs?: number; marginMs?: number; floorMs?: number; outcomes?: Outcome[]; background?: boolean } = {}) {
  const clock = new FakeClock();
  const env = { now: clock.now, timers: clock, warn: vi.fn(), random: () => 0, onResume: () => () => undefined };
  const schedule = new RetrySchedule(env);
  const lifetimeMs = options.lifetimeMs ?? 20_000;
  const outcomes = [...(options.outcomes ?? [])];
  const calls: number[] = [];
  const states: ApiTokenState[] = [];
  let issued = 0;
  const deps: TokenMachineDeps = {
    unit,
    env,
    policy: { marginMs: options.marginMs ?? 30_000, floorMs: options.floorMs ?? 5_000 },
    schedule,
    acquire: async () => {
      calls.push(clock.now());
      const next = outcomes.shift();
      if (next === "hang") return new Promise<never>(() => undefined);
      if (next instanceof OidcError) {
        if (next.code === "idp_unreachable") schedule.unreachable(next);
        throw next;
      }
      schedule.reachable();
      return next ?? { accessToken: `t${++issued}`, tokenType: "Bearer", obtainedAt: clock.now(), expiresAt: clock.now() + lifetimeMs, scope: undefined };
    },
    canRenewInBackground: () => options.background ?? true,
    checkAudience: () => undefined,
    publish: (state) => states.push(state),
    onAccepted: vi.fn(),
    onFinalFailure: vi.fn(),
  };
  const machine = new TokenMachine(deps);
  const last = () => states.at(-1);
  return { clock, machine, calls, states, last, deps, schedule };
}

const down = () => new OidcError("idp_unreachable", "down");

describe("TokenMachine renewal", () => {
  it("renews at expiresAt − min(margin, lifetime / 2): a 20-s token with a 30-s margin every 10 s, not back to back", async () => {
    const { clock, machine, calls } = setup({ lifetimeMs: 20_000, marginMs: 30_000 });
    await machine.get(false);
    await clock.advance(60_000);
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it("renews a long-lived token `margin` before it expires", async () => {
    const { clock, machine, calls } = setup({ lifetimeMs: 300_000, marginMs: 30_000 });
    await machine.get(false);
    await clock.advance(269_999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(calls).toHaveLength(2);
  });

  it("keeps a floor between two acquisitions, even forced ones", async () => {
    const { clock, machine, calls } = setup({ floorMs: 5_000 });
    await machine.get(false);
    const forced = machine.get(true);
    await clock.advance(4_999);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    await forced;
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 5_000]);
  });

  it("cannot storm when tokens live less than the floor, and never shows an expired token as ready", async () => {
    const { clock, machine, calls, states } = setup({ lifetimeMs: 1_000, floorMs: 5_000 });
    await machine.get(false);
    for (let t = 0; t < 60_000; t += 100) {
      await clock.advance(100);
      const state = states.at(-1)!;
      if (state.status === "ready") expect(state.expiresAt).toBeGreaterThan(clock.now());
    }
    expect(calls.length).toBeLessThanOrEqual(13);
  });

  it("warns the developer once when a token lives less than the margin", async () => {
    const { clock, machine, deps } = setup({ lifetimeMs: 20_000, marginMs: 30_000 });
    await machine.get(false);
    await clock.advance(60_000);
    expect(deps.env.warn).toHaveBeenCalledTimes(1);
    expect(vi.mocked(deps.env.warn).mock.calls[0]?.[0]).toMatch(/renewBeforeExpirySeconds/);
  });

  it("shares one acquisition between concurrent callers", async () => {
    const { machine, calls } = setup();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => machine.get(false)));
    expect(new Set(tokens).size).toBe(1);
    expect(calls).toHaveLength(1);
  });

  it("lets a token it cannot renew in the background expire to idle instead of staying ready", async () => {
    const { clock, machine, calls, last } = setup({ lifetimeMs: 20_000, background: false });
    await machine.get(false);
    await clock.advance(19_999);
    expect(last()?.status).toBe("ready");
    await clock.advance(1);
    expect(last()?.status).toBe("idle");
    expect(calls).toHaveLength(1);
  });

  it("does not renew a token nobody reads", async () => {
    const { clock, machine, calls, last } = setup({ lifetimeMs: 20_000 });
    machine.accept({ accessToken: "a", tokenType: "Bearer", obtainedAt: clock.now(), expiresAt: clock.now() + 20_000, scope: undefined });
    await clock.advance(20_000);
    expect(calls).toHaveLength(0);
    expect(last()?.status).toBe("idle");
  });
});

describe("TokenMachine failures", () => {
  it("keeps a valid token ready with the error while renewals fail, and retries on the shared backoff", async () => {
    const { clock, machine, calls, last } = setup({ lifetimeMs: 60_000, marginMs: 30_000, floorMs: 0, outcomes: [down(), down(), down()] });
    machine.accept({ accessToken: "a", tokenType: "Bearer", obtainedAt: clock.now(), expiresAt: clock.now() + 60_000, scope: undefined });
    await machine.get(false);
    await clock.advance(30_000);
    expect(last()).toMatchObject({ status: "ready", accessToken: "a", error: { code: "idp_unreachable" } });
    await clock.advance(1_000);
    await clock.advance(2_000);
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 1_000, 3_000]);
    await clock.advance(4_000);
    expect(last()).toMatchObject({ status: "ready", error: undefined });
    expect(last()?.accessToken).not.toBe("a");
  });

  it("after the token expired in an outage, shows the error, then recovers with no call from the app", async () => {
    const { clock, machine, last, calls } = setup({ lifetimeMs: 10_000, marginMs: 0, floorMs: 0 });
    await machine.get(false);
    const outcomes: Outcome[] = [down(), down()];
    const issue = machine["deps"].acquire;
    machine["deps"].acquire = () => {
      const next = outcomes.shift();
      return next === undefined ? issue(undefined) : (calls.push(clock.now()), next instanceof OidcError ? Promise.reject(next) : Promise.resolve(next as TokenSet));
    };
    await clock.advance(10_000);
    expect(last()).toMatchObject({ status: "error", accessToken: undefined, error: { code: "idp_unreachable" } });
    await clock.advance(1_000);
    expect(last()?.status).toBe("error");
    await clock.advance(2_000);
    expect(last()).toMatchObject({ status: "ready", error: undefined });
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 10_000, 11_000, 13_000]);
  });

  it("retries as soon as the IdP answers again, even within the floor of its last failed attempt", async () => {
    const { clock, machine, calls, last, schedule } = setup({ lifetimeMs: 60_000, marginMs: 30_000, floorMs: 5_000, outcomes: [down()] });
    machine.accept({ accessToken: "a", tokenType: "Bearer", obtainedAt: clock.now(), expiresAt: clock.now() + 60_000, scope: undefined });
    await machine.get(false);
    await clock.advance(30_000);
    expect(last()?.error?.code).toBe("idp_unreachable");
    await clock.advance(200);
    schedule.reachable(); // another request got through: the IdP is back
    await clock.advance(0);
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 200]);
    expect(last()).toMatchObject({ status: "ready", error: undefined });
  });

  it("ends the session on login_required, with no retry", async () => {
    const { clock, machine, calls, deps, last } = setup({ outcomes: [new OidcError("login_required", "gone")] });
    await expect(machine.get(false)).rejects.toMatchObject({ code: "login_required" });
    expect(deps.onFinalFailure).toHaveBeenCalledTimes(1);
    expect(last()).toMatchObject({ status: "error", error: { code: "login_required" } });
    await clock.advance(120_000);
    expect(calls).toHaveLength(1);
  });

  it("treats a final refusal as final: no retry", async () => {
    const { clock, machine, calls } = setup({ outcomes: [new OidcError("audience_mismatch", "wrong aud")] });
    await expect(machine.get(false)).rejects.toMatchObject({ code: "audience_mismatch" });
    await clock.advance(120_000);
    expect(calls).toHaveLength(1);
  });

  it("turns a bug in an injected function into internal_error, not a network error", async () => {
    const { machine, deps } = setup();
    deps.acquire = async () => {
      throw new TypeError("x is not a function");
    };
    await expect(machine.get(false)).rejects.toMatchObject({ code: "internal_error" });
  });
});

describe("TokenMachine reset", () => {
  it("drops the token and every timer, and discards an acquisition that lands afterwards", async () => {
    const { clock, machine, last, deps } = setup({ outcomes: ["hang"] });
    let resolveLate: (set: TokenSet) => void = () => undefined;
    deps.acquire = () => new Promise<TokenSet>((resolve) => (resolveLate = resolve));
    const pending = machine.get(false);
    machine.reset();
    expect(last()?.status).toBe("idle");
    resolveLate({ accessToken: "late", tokenType: "Bearer", obtainedAt: clock.now(), expiresAt: clock.now() + 60_000, scope: undefined });
    await expect(pending).rejects.toMatchObject({ code: "logged_out" });
    expect(last()).toMatchObject({ status: "idle", accessToken: undefined });
    expect(clock.pending).toBe(0);
  });

  it("clears its renewal timer", async () => {
    const { clock, machine } = setup();
    await machine.get(false);
    expect(clock.pending).toBe(1);
    machine.reset();
    expect(clock.pending).toBe(0);
    await flush();
  });
});
