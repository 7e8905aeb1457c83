import { describe, expect, it } from "vitest";
import { isOidcError } from "../../../../src/core/errors";
import type { ActivitySource } from "../../../../src/core/idle/activitySource";
import { createIdleLogout, type IdleLogoutOptions, type IdleLogoutState } from "../../../../src/core/idle/idleLogout";
import { createMockOidc } from "../../../../src/testing";
import { FakeClock } from "../../../support/fakeClock";

/** Activity the test reports by hand. */
function manualActivity() {
  let listener: (() => void) | undefined;
  const source: ActivitySource = (onActivity) => {
    listener = onActivity;
    return () => {
      listener = undefined;
    };
  };
  return { source, emit: () => listener?.(), get listening() { return listener !== undefined; } };
}

function setup(options: Partial<IdleLogoutOptions> = {}, user: { sub: string } | null = { sub: "alice" }) {
  const clock = new FakeClock();
  const activity = manualActivity();
  const oidc = createMockOidc({ clients: { app: {} }, user, now: clock.now });
  const idle = createIdleLogout(oidc, { timeoutSeconds: 600, warnBeforeSeconds: 60, events: activity.source, timers: clock, now: clock.now, ...options });
  const seen: IdleLogoutState[] = [];
  idle.subscribe(() => seen.push(idle.getSnapshot()));
  return { clock, activity, oidc, idle, seen };
}

describe("createIdleLogout", () => {
  it("warns timeout − warnBefore after the last activity, counts down each second, then logs out once", async () => {
    const { clock, oidc, idle, seen } = setup({ logoutOptions: { returnTo: "/bye" } });
    expect(idle.getSnapshot()).toEqual({ status: "active", secondsLeft: 600 });
    await clock.advance(539_999);
    expect(idle.getSnapshot().status).toBe("active");
    await clock.advance(1);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 60 });
    await clock.advance(1000);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 59 });
    await clock.advance(58_999);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 1 });
    expect(oidc.calls.logout).toEqual([]);
    await clock.advance(1);
    expect(idle.getSnapshot()).toEqual({ status: "loggedOut", secondsLeft: 0 });
    expect(oidc.calls.logout).toEqual([{ returnTo: "/bye" }]);
    expect(seen.map((s) => s.secondsLeft)).toEqual([...Array.from({ length: 60 }, (_, i) => 60 - i), 0]);
    // Nothing keeps ticking, and no second logout comes.
    await clock.advance(3_600_000);
    expect(oidc.calls.logout).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });

  it("activity while active postpones the warning without a new state or a new timer per event", async () => {
    const clock = new FakeClock();
    let scheduled = 0;
    const timers = { setTimeout: (callback: () => void, ms: number) => (scheduled++, clock.setTimeout(callback, ms)), clearTimeout: (h: unknown) => clock.clearTimeout(h) };
    const { activity, idle, seen } = setup({ timers, now: clock.now });
    await clock.advance(500_000);
    const before = scheduled;
    for (let i = 0; i < 100; i++) activity.emit();
    expect(scheduled).toBe(before);
    expect(seen).toEqual([]);
    await clock.advance(539_999);
    expect(idle.getSnapshot().status).toBe("active");
    await clock.advance(1);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 60 });
  });

  it("activity during the warning returns to active and restarts the full count", async () => {
    const { clock, activity, oidc, idle } = setup();
    await clock.advance(570_000);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 30 });
    activity.emit();
    expect(idle.getSnapshot()).toEqual({ status: "active", secondsLeft: 600 });
    await clock.advance(539_999);
    expect(idle.getSnapshot().status).toBe("active");
    await clock.advance(60_001);
    expect(idle.getSnapshot().status).toBe("loggedOut");
    expect(oidc.calls.logout).toHaveLength(1);
  });

  it("stayActive() counts as activity (a 'Stay logged in' button)", async () => {
    const { clock, idle } = setup();
    await clock.advance(590_000);
    idle.stayActive();
    expect(idle.getSnapshot().status).toBe("active");
  });

  it("activity seen after the deadline passed unnoticed (a sleeping laptop) logs out instead of resetting", async () => {
    const clock = new FakeClock();
    const activity = manualActivity();
    let asleepMs = 0;
    const now = () => clock.now() + asleepMs;
    const oidc = createMockOidc({ clients: { app: {} }, user: { sub: "alice" }, now });
    const idle = createIdleLogout(oidc, { timeoutSeconds: 600, events: activity.source, timers: clock, now });
    await clock.advance(100_000);
    asleepMs = 3_600_000; // the clock moved on; the timers have not run yet
    activity.emit();
    expect(idle.getSnapshot().status).toBe("loggedOut");
    expect(oidc.calls.logout).toHaveLength(1);
  });

  it("counts only while logged in, from the login on; a logout elsewhere stops it", async () => {
    const { clock, activity, oidc, idle } = setup({}, null);
    await clock.advance(3_600_000);
    activity.emit();
    expect(idle.getSnapshot().status).toBe("active");
    expect(clock.pending).toBe(0);
    expect(oidc.calls.logout).toEqual([]);

    oidc.loginAs({ sub: "bob" });
    await clock.advance(570_000);
    expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: 30 });
    oidc.setUser(null);
    expect(idle.getSnapshot().status).toBe("active");
    expect(clock.pending).toBe(0);
    await clock.advance(3_600_000);
    expect(oidc.calls.logout).toEqual([]);
  });

  it("stays loggedOut while the logout runs, and counts again for the next login", async () => {
    const clock = new FakeClock();
    const activity = manualActivity();
    const mock = createMockOidc({ clients: { app: {} }, user: { sub: "alice" }, now: clock.now });
    // A real logout leaves the page; until it has, the session may still say loggedIn and tokens may change.
    const logouts: unknown[] = [];
    const oidc = { ...mock, logout: (options?: unknown) => (logouts.push(options), new Promise<never>(() => undefined)) };
    const idle = createIdleLogout(oidc, { timeoutSeconds: 60, warnBeforeSeconds: 0, events: activity.source, timers: clock, now: clock.now });
    await clock.advance(60_000);
    expect(idle.getSnapshot().status).toBe("loggedOut");
    mock.setToken("app", "another-token");
    activity.emit();
    await clock.advance(120_000);
    expect(idle.getSnapshot().status).toBe("loggedOut");
    expect(logouts).toHaveLength(1);

    mock.setUser(null);
    mock.loginAs({ sub: "alice" });
    expect(idle.getSnapshot()).toEqual({ status: "active", secondsLeft: 60 });
    await clock.advance(60_000);
    expect(logouts).toHaveLength(2);
  });

  it("stop() removes its timer and its listeners", async () => {
    const { clock, activity, oidc, idle } = setup();
    idle.stop();
    expect(clock.pending).toBe(0);
    expect(activity.listening).toBe(false);
    await clock.advance(3_600_000);
    expect(oidc.calls.logout).toEqual([]);
  });

  it("refuses durations it cannot count with config_invalid", () => {
    const oidc = createMockOidc({ clients: { app: {} } });
    const events = manualActivity().source;
    for (const bad of [{ timeoutSeconds: 0 }, { timeoutSeconds: Number.NaN }, { timeoutSeconds: 60, warnBeforeSeconds: 61 }, { timeoutSeconds: 60, warnBeforeSeconds: -1 }]) {
      expect(() => createIdleLogout(oidc, { ...bad, events })).toThrow(expect.objectContaining({ code: "config_invalid" }));
    }
    let error: unknown;
    try {
      createIdleLogout(oidc, { timeoutSeconds: "600" as unknown as number, events });
    } catch (caught) {
      error = caught;
    }
    expect(isOidcError(error, "config_invalid")).toBe(true);
  });

  it("warns for 60 s by default, or for half of a shorter timeout", async () => {
    for (const [timeoutSeconds, warnSeconds] of [[900, 60], [30, 15]] as const) {
      const { clock, idle } = setup({ timeoutSeconds, warnBeforeSeconds: undefined });
      await clock.advance((timeoutSeconds - warnSeconds) * 1000 - 1);
      expect(idle.getSnapshot()).toEqual({ status: "active", secondsLeft: timeoutSeconds });
      await clock.advance(1);
      expect(idle.getSnapshot()).toEqual({ status: "warning", secondsLeft: warnSeconds });
    }
  });
});
