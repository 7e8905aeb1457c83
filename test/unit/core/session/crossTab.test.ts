// @vitest-environment node
import { afterEach, describe, expect, it, vi } from "vitest";
import { CrossTab, type CrossTabHandlers, type SharedSession } from "../../../../src/core/session/crossTab";
import type { TokenSet } from "../../../../src/core/tokens/tokenSet";
import { hostTimers } from "../../../../src/core/platform/timers";

const set = (accessToken: string, obtainedAt = 1): TokenSet => ({ accessToken, tokenType: "Bearer", obtainedAt, expiresAt: obtainedAt + 60_000, scope: undefined });
const session = (sessionId: string): SharedSession => ({ sessionId, user: { sub: "alice" }, grants: { app: { refreshToken: "r", idToken: "i" } }, sets: { files: set("f") } });

const open: CrossTab[] = [];
function tab(id: string, handlers: Partial<CrossTabHandlers> = {}, identity = "https://idp.ok|myapp") {
  const all: CrossTabHandlers = {
    currentSession: () => undefined,
    adopt: vi.fn(),
    ended: vi.fn(),
    token: vi.fn(),
    grant: vi.fn(),
    serveToken: async () => undefined,
    ...handlers,
  };
  const link = new CrossTab(new BroadcastChannel("roa-test"), identity, id, hostTimers, all);
  open.push(link);
  return { link, handlers: all };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

afterEach(() => {
  for (const link of open.splice(0)) link.close();
});

describe("CrossTab", () => {
  it("hands a live tab's session to a starting tab, and nothing when no tab has one", async () => {
    tab("a", { currentSession: () => session("s1") });
    tab("b");
    const { link } = tab("c");
    expect(await link.askForSession()).toEqual(session("s1"));
    open[0]!.close();
    open.splice(0, 1);
    expect(await tab("d").link.askForSession(50)).toBeUndefined();
  });

  it("tells every tab of the same configuration that the session ended, and ignores other configurations", async () => {
    const a = tab("a");
    const b = tab("b");
    const other = tab("x", {}, "https://other.ok|myapp");
    a.link.publishEnded("s1");
    await settle();
    expect(b.handlers.ended).toHaveBeenCalledTimes(1);
    expect(other.handlers.ended).not.toHaveBeenCalled();
  });

  it("never lets a late message revive an ended session", async () => {
    const a = tab("a");
    const b = tab("b");
    a.link.publishEnded("s1");
    await settle();
    a.link.publishSession(session("s1"));
    a.link.publishToken("s1", "files", set("late"));
    await settle();
    expect(b.handlers.adopt).not.toHaveBeenCalled();
    expect(b.handlers.token).not.toHaveBeenCalled();
    a.link.publishSession(session("s2"));
    await settle();
    expect(b.handlers.adopt).toHaveBeenCalledWith(session("s2"));
  });

  it("drops replayed or out-of-order messages from one tab", async () => {
    const b = tab("b");
    const raw = new BroadcastChannel("roa-test");
    const base = { v: 1, identity: "https://idp.ok|myapp", from: "a", type: "token", sessionId: "s1", api: "files" };
    raw.postMessage({ ...base, seq: 2, set: set("second") });
    raw.postMessage({ ...base, seq: 1, set: set("first") });
    raw.postMessage({ ...base, seq: 2, set: set("again") });
    await settle();
    raw.close();
    expect(vi.mocked(b.handlers.token).mock.calls.map((c) => c[1].accessToken)).toEqual(["second"]);
  });

  it("asks the leader for a token; without a leader answering, the follower is told to get it itself", async () => {
    const leader = tab("a", { serveToken: async (api, newerThan) => set(`${api}-from-leader`, newerThan + 1) });
    leader.link.becomeLeader();
    const follower = tab("b");
    expect(await follower.link.requestToken("files", 10)).toEqual(set("files-from-leader", 11));
    leader.link.close();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const answer = follower.link.requestToken("files", 10);
      let settled = false;
      void answer.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(2_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it("answers its own open token requests the moment the tab becomes the leader (the old leader was its previous page)", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const follower = tab("b");
      const answer = follower.link.requestToken("files", 10);
      let settled = false;
      void answer.then(() => (settled = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(settled).toBe(false);
      follower.link.becomeLeader();
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(true);
      expect(await answer).toBeUndefined();
      expect(await follower.link.requestToken("files", 10)).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
