import { describe, expect, it } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { SnapshotStore } from "../../../src/core/snapshotStore";
import { apiTokenStateOf, idleApiTokenState } from "../../../src/core/tokens/tokenState";
import type { ApiTokenState } from "../../../src/core/types";

const set = (accessToken: string) => ({ accessToken, tokenType: "Bearer", obtainedAt: 0, expiresAt: 1, scope: undefined });
const ready = (accessToken: string): ApiTokenState => apiTokenStateOf({ status: "ready", set: set(accessToken), audience: undefined, error: undefined }, "dedicated", "ca");
const loading = (): ApiTokenState => apiTokenStateOf({ status: "loading" }, "dedicated", "ca");

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
    store.setApi("a", ready("t1"));
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
    store.setApi("a", idle("ca"));
    store.setSession({ status: "initializing", user: undefined, error: undefined });
    expect(calls).toBe(0);
    expect(store.getSnapshot()).toBe(before);
    store.setSession({ status: "loggedOut", user: undefined, error: undefined });
    expect(calls).toBe(1);
  });

  it("never mutates a snapshot it handed out", () => {
    const store = makeStore();
    const before = store.getSnapshot();
    const frozenCopy = JSON.stringify(before);
    store.setApi("b", loading());
    store.setSession({ status: "loggedIn", user: { sub: "alice" }, error: undefined });
    expect(JSON.stringify(before)).toBe(frozenCopy);
  });

  it("stops calling a listener once unsubscribed", () => {
    const store = makeStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.setApi("a", loading());
    unsubscribe();
    store.setApi("a", ready("t"));
    expect(calls).toBe(1);
  });

  it("notifies once for a batch of changes", () => {
    const store = makeStore();
    let calls = 0;
    store.subscribe(() => calls++);
    store.batch(() => {
      store.setApi("a", ready("t"));
      store.setApi("b", ready("u"));
      store.setSession({ status: "loggedOut", user: undefined, error: new OidcError("login_required", "gone") });
    });
    expect(calls).toBe(1);
    expect(store.getSnapshot().apis.b.accessToken).toBe("u");
  });
});
