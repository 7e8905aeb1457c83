// The popup login's waiting logic on fake timers: which messages it takes, when it gives up, what it cleans up. The
// protocol checks (state, iss, PKCE, nonce) are the redirect login's own (`acceptLogin`), tested with the real IdP in e2e.
import { describe, expect, it } from "vitest";
import { OidcError } from "../../../../src/core/errors";
import type { TabChannel, WindowMessage } from "../../../../src/core/platform/environment";
import { answerOpener, loginWithPopup, POPUP_POLL_MS, type PopupLoginDeps } from "../../../../src/core/session/popupLogin";
import { isPopupLanding, POPUP_STATE_PREFIX } from "../../../../src/core/session/popupState";
import type { SessionState } from "../../../../src/core/types";
import { FakeClock, flush } from "../../../support/fakeClock";

const APP = "https://app.example.test";
const STATE = `${POPUP_STATE_PREFIX}abc`;
const response = (state = STATE) => `${APP}/?code=the-code&state=${encodeURIComponent(state)}&iss=https%3A%2F%2Fidp.example.test`;

class FakePopup {
  closed = false;
  closes = 0;
  visited: string[] = [];
  readonly location = { replace: (url: string) => void this.visited.push(url) };
  close(): void {
    this.closes++;
    this.closed = true;
  }
}

class FakeChannel implements TabChannel {
  listeners: ((event: { data: unknown }) => void)[] = [];
  posted: unknown[] = [];
  closed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  addEventListener(_type: "message", listener: (event: { data: unknown }) => void): void {
    this.listeners.push(listener);
  }
  close(): void {
    this.closed = true;
  }
  deliver(data: unknown): void {
    for (const listener of this.listeners) listener({ data });
  }
}

function setUp(options: { blocked?: boolean } = {}) {
  const clock = new FakeClock();
  const popup = new FakePopup();
  const channel = new FakeChannel();
  let windowListener: ((message: WindowMessage) => void) | undefined;
  const discarded: string[] = [];
  const accepted: string[] = [];
  const user = { sub: "alice" };
  const deps: PopupLoginDeps = {
    env: {
      timers: clock,
      openChannel: () => channel,
      onWindowMessage: (listener) => {
        windowListener = listener;
        return () => (windowListener = undefined);
      },
    },
    popup: options.blocked ? undefined : popup,
    appOrigin: APP,
    channelName: "roa:popup",
    request: async () => ({ url: "https://idp.example.test/auth?state=x", state: STATE }),
    discard: (state) => void discarded.push(state),
    acceptLogin: async (href): Promise<SessionState> => {
      accepted.push(href);
      return { status: "loggedIn", user, error: undefined };
    },
  };
  const post = (data: unknown, origin = APP, source: unknown = popup) => windowListener?.({ data, origin, source });
  const message = (href = response()) => ({ type: "react-oidc-apis:popup-response", href });
  return { clock, popup, channel, deps, post, message, discarded, accepted, user, listening: () => windowListener !== undefined };
}

const codeOf = (promise: Promise<unknown>) => promise.then(() => "resolved", (error: OidcError) => error.code);

describe("loginWithPopup", () => {
  it("rejects with popup_blocked when the browser gave no window, and asks the IdP nothing", async () => {
    const { deps, clock } = setUp({ blocked: true });
    expect(await codeOf(loginWithPopup(deps))).toBe("popup_blocked");
    expect(clock.pending).toBe(0);
  });

  it("sends the popup to the IdP and redeems the response its page posts from the app's origin", async () => {
    const { deps, popup, post, message, accepted, user, clock, channel, listening } = setUp();
    const login = loginWithPopup(deps);
    await flush();
    expect(popup.visited).toEqual(["https://idp.example.test/auth?state=x"]);
    post(message());
    await expect(login).resolves.toBe(user);
    expect(accepted).toEqual([response()]);
    // Nothing left behind: no listener, no channel, no timer; the popup is closed.
    expect(listening()).toBe(false);
    expect(channel.closed).toBe(true);
    expect(clock.pending).toBe(0);
    expect(popup.closes).toBe(1);
  });

  it("ignores messages from another origin, another window, or for another state", async () => {
    const { deps, post, message, accepted, clock } = setUp();
    const login = loginWithPopup(deps);
    let settled = false;
    void login.finally(() => (settled = true));
    await flush();
    post(message(), "https://evil.example.test");
    post(message(), APP, {});
    post(message(response(`${POPUP_STATE_PREFIX}other`)));
    post({ type: "something else", href: response() });
    await clock.advance(10 * POPUP_POLL_MS);
    expect(settled).toBe(false);
    expect(accepted).toEqual([]);
    post(message());
    await login;
    expect(accepted).toEqual([response()]);
  });

  it("takes the response from the tab channel when the IdP cut the popup off from its opener", async () => {
    const { deps, channel, message, accepted } = setUp();
    const login = loginWithPopup(deps);
    await flush();
    channel.deliver(message(response(`${POPUP_STATE_PREFIX}other`)));
    channel.deliver(message());
    await login;
    expect(accepted).toEqual([response()]);
  });

  it("rejects with popup_closed about two polls after the user closed the popup, and forgets the request", async () => {
    const { deps, popup, clock, discarded, accepted } = setUp();
    const login = loginWithPopup(deps);
    const code = codeOf(login);
    await clock.advance(3 * POPUP_POLL_MS);
    popup.closed = true;
    let settled = false;
    void login.catch(() => undefined).finally(() => (settled = true));
    await clock.advance(POPUP_POLL_MS);
    expect(settled).toBe(false); // one poll could race the popup's own last message
    await clock.advance(POPUP_POLL_MS);
    expect(await code).toBe("popup_closed");
    expect(discarded).toEqual([STATE]);
    expect(accepted).toEqual([]);
    expect(clock.pending).toBe(0);
  });

  it("rejects with popup_timeout after timeoutMs, closes the popup and forgets the request", async () => {
    const { deps, popup, clock, discarded } = setUp();
    const code = codeOf(loginWithPopup(deps, { timeoutMs: 60_000 }));
    await clock.advance(59_999);
    expect(popup.closes).toBe(0);
    await clock.advance(1);
    expect(await code).toBe("popup_timeout");
    expect(popup.closes).toBe(1);
    expect(discarded).toEqual([STATE]);
    expect(clock.pending).toBe(0);
  });

  it("rejects with the error the redemption met (a refused or forged response), closing the popup", async () => {
    const { deps, post, message, popup } = setUp();
    deps.acceptLogin = async () => {
      throw new OidcError("invalid_callback", "iss mismatch");
    };
    const login = loginWithPopup(deps);
    await flush();
    post(message());
    expect(await codeOf(login)).toBe("invalid_callback");
    expect(popup.closes).toBe(1);
  });
});

describe("the page a login popup lands on", () => {
  it("recognises a popup's response by its state alone", () => {
    expect(isPopupLanding(response())).toBe(true);
    expect(isPopupLanding(`${APP}/?code=c&state=plain`)).toBe(false);
    expect(isPopupLanding(`${APP}/?state=${encodeURIComponent(STATE)}`)).toBe(false); // no code, no error: not a response
  });

  it("posts the response to its opener for the app's origin only, and on the tab channel, then closes", async () => {
    const posted: [unknown, string][] = [];
    const channel = new FakeChannel();
    let closed = 0;
    let settled = false;
    void answerOpener(
      {
        env: { opener: () => ({ postMessage: (message, origin) => void posted.push([message, origin]) }), openChannel: () => channel, closeWindow: () => void closed++ },
        appOrigin: APP,
        channelName: "roa:popup",
      },
      response(),
    ).finally(() => (settled = true));
    await flush();
    const message = { type: "react-oidc-apis:popup-response", href: response() };
    expect(posted).toEqual([[message, APP]]);
    expect(channel.posted).toEqual([message]);
    expect(closed).toBe(1);
    expect(settled).toBe(false); // the page is closing: nothing after it runs
  });
});
