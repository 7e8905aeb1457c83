import { describe, expect, it } from "vitest";
import { idleApiTokenState, SnapshotStore } from "../../../src/core/snapshotStore";
import type { ApiTokenState } from "../../../src/core/types";

const idle = (clientId: string): ApiTokenState => idleApiTokenState("dedicated", clientId);

function makeStore() {
  return new SnapshotStore<"a" | "b">({
    session: { status: "initializing", user: undefined, error: undefined },
    apis: { a: idle("ca"), b: idle("cb") },
  });
}

describe("SnapshotStore", () => {
  it("keeps the other APIs' entries identical when one API changes", () => {
    const store = makeStore();
    const before = store.getSnapshot();
    store.setApi("a", { status: "ready", accessToken: "t1" });
    const after = store.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.apis.a).not.toBe(before.apis.a);
    expect(after.apis.b).toBe(before.apis.b);
    expect(after.session).toBe(before.session);
  });

  it("publishes nothing when an update changes nothing", () => {
    const store = makeStore();
    let calls = 0;
    store.subscribe(() => calls++);
    const before = store.getSnapshot();
    store.setApi("a", { status: "idle", accessToken: undefined });
    store.setSession({ status: "initializing" });
    expect(calls).toBe(0);
    expect(store.getSnapshot()).toBe(before);
    store.setSession({ status: "loggedOut" });
    expect(calls).toBe(1);
  });

  it("never mutates a snapshot it handed out", () => {
    const store = makeStore();
    const before = store.getSnapshot();
    const frozenCopy = JSON.stringify(before);
    store.setApi("b", { status: "loading" });
    store.setSession({ status: "loggedIn", user: { sub: "alice" } });
    expect(JSON.stringify(before)).toBe(frozenCopy);
  });

  it("stops calling a listener once unsubscribed", () => {
    const store = makeStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.setApi("a", { status: "loading" });
    unsubscribe();
    store.setApi("a", { status: "ready" });
    expect(calls).toBe(1);
  });
});
