import { afterEach, describe, expect, it, vi } from "vitest";
import { browserActivity } from "../../../../src/core/idle/activitySource";

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function listen(source: ReturnType<typeof browserActivity>) {
  const onActivity = vi.fn();
  stops.push(source(onActivity));
  return onActivity;
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("browserActivity", () => {
  it("reports input events on the page and the page becoming visible, not hidden", () => {
    const onActivity = listen(browserActivity({ channelName: null }));
    window.dispatchEvent(new Event("pointerdown"));
    document.body.dispatchEvent(new Event("keydown", { bubbles: true }));
    expect(onActivity).toHaveBeenCalledTimes(2);
    setVisibility("hidden");
    expect(onActivity).toHaveBeenCalledTimes(2);
    setVisibility("visible");
    expect(onActivity).toHaveBeenCalledTimes(3);
  });

  it("listens to the events it is given only, and stops listening when told", () => {
    const onActivity = vi.fn();
    const stop = browserActivity({ channelName: null, eventNames: ["keydown"] })(onActivity);
    window.dispatchEvent(new Event("pointermove"));
    window.dispatchEvent(new Event("keydown"));
    stop();
    window.dispatchEvent(new Event("keydown"));
    setVisibility("visible");
    expect(onActivity).toHaveBeenCalledTimes(1);
  });

  it("shares activity with the app's other tabs, at most one message per interval", async () => {
    let now = 1_000_000;
    const channelName = `idle-test-${Math.random()}`;
    const thisTab = listen(browserActivity({ channelName, now: () => now, shareIntervalMs: 1000 }));
    // Both sit in this one window: the other tab listens to no page event, so it hears only the messages.
    const otherTab = listen(browserActivity({ channelName, eventNames: [] }));
    const messages: unknown[] = [];
    const observer = new BroadcastChannel(channelName);
    observer.onmessage = (event) => messages.push(event.data);
    stops.push(() => observer.close());

    for (let i = 0; i < 50; i++) window.dispatchEvent(new Event("pointermove"));
    now += 999;
    window.dispatchEvent(new Event("pointermove"));
    now += 1;
    window.dispatchEvent(new Event("pointermove"));
    await vi.waitFor(() => expect(messages).toEqual(["activity", "activity"]));
    await vi.waitFor(() => expect(otherTab).toHaveBeenCalledTimes(2));
    // A tab does not hear its own messages.
    expect(thisTab).toHaveBeenCalledTimes(52);
  });
});
