import { act, render, screen } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type { ActivitySource } from "../../../src/core/idle/activitySource";
import { OidcProvider, useIdleLogout } from "../../../src/index";
import { createMockOidc } from "../../../src/testing";
import { FakeClock } from "../../support/fakeClock";

function setup() {
  const clock = new FakeClock();
  const listeners = new Set<() => void>();
  const events: ActivitySource = (onActivity) => {
    listeners.add(onActivity);
    return () => listeners.delete(onActivity);
  };
  const oidc = createMockOidc({ clients: { app: {} }, user: { sub: "alice" }, now: clock.now });
  let renders = 0;
  function IdleWarning(): ReactNode {
    renders++;
    // Inline options and functions: a new object every render must not restart the countdown.
    const idle = useIdleLogout({ timeoutSeconds: 120, warnBeforeSeconds: 30, events, timers: clock, now: () => clock.now() });
    if (idle.status !== "warning") return <p>{idle.status}</p>;
    return (
      <p>
        {`Logging out in ${idle.secondsLeft} s`}
        <button type="button" onClick={idle.stayActive}>
          Stay logged in
        </button>
      </p>
    );
  }
  render(
    <StrictMode>
      <OidcProvider oidc={oidc}>
        <IdleWarning />
      </OidcProvider>
    </StrictMode>,
  );
  return { clock, oidc, listeners, renders: () => renders };
}

describe("useIdleLogout", () => {
  it("shows the countdown, re-renders once per second of warning only, and logs out once under StrictMode", async () => {
    const { clock, oidc, listeners, renders } = setup();
    expect(screen.getByText("active")).toBeTruthy();
    expect(listeners.size).toBe(1);
    const before = renders();
    await act(() => clock.advance(89_999));
    expect(renders()).toBe(before);
    await act(() => clock.advance(1));
    expect(screen.getByText("Logging out in 30 s")).toBeTruthy();
    await act(() => clock.advance(10_000));
    expect(screen.getByText("Logging out in 20 s")).toBeTruthy();
    await act(() => clock.advance(20_000));
    expect(screen.getByText("loggedOut")).toBeTruthy();
    expect(oidc.calls.logout).toHaveLength(1);
  });

  it("'Stay logged in' and page activity bring it back to active", async () => {
    const { clock, oidc, listeners } = setup();
    await act(() => clock.advance(100_000));
    act(() => screen.getByRole("button", { name: "Stay logged in" }).click());
    expect(screen.getByText("active")).toBeTruthy();
    await act(() => clock.advance(100_000));
    expect(screen.getByText("Logging out in 20 s")).toBeTruthy();
    act(() => {
      for (const listener of listeners) listener();
    });
    expect(screen.getByText("active")).toBeTruthy();
    expect(oidc.calls.logout).toEqual([]);
  });

  it("stops counting and listening when unmounted", async () => {
    const clock = new FakeClock();
    const oidc = createMockOidc({ clients: { app: {} }, now: clock.now });
    function Idle(): ReactNode {
      return <p>{useIdleLogout({ timeoutSeconds: 60, events: () => () => undefined, timers: clock, now: clock.now }).status}</p>;
    }
    const { unmount } = render(
      <StrictMode>
        <OidcProvider oidc={oidc}>
          <Idle />
        </OidcProvider>
      </StrictMode>,
    );
    expect(clock.pending).toBe(1);
    unmount();
    expect(clock.pending).toBe(0);
    await clock.advance(120_000);
    expect(oidc.calls.logout).toEqual([]);
  });
});
