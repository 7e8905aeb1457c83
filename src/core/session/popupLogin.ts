// Loaded on demand (dynamic import): an app that never logs in through a popup ships none of this. It imports nothing
// but the errors (a chunk of their own): what it needs of the core comes in its deps, so the core stays one chunk.
import { OidcError } from "../errors.js";
import type { OidcEnvironment, PopupWindow } from "../platform/environment.js";
import type { IdTokenClaims, PopupLoginOptions, SessionState } from "../types.js";

/** The message a login popup sends its opener: the authorization response it landed on. */
interface PopupResponseMessage {
  type: "react-oidc-apis:popup-response";
  href: string;
}

const MESSAGE_TYPE = "react-oidc-apis:popup-response";

/** How often the opener looks whether the user closed the popup. */
export const POPUP_POLL_MS = 500;

/** How long a popup login waits for the user by default. */
export const POPUP_TIMEOUT_MS = 300_000;

const isResponseMessage = (data: unknown): data is PopupResponseMessage =>
  typeof data === "object" && data !== null && (data as PopupResponseMessage).type === MESSAGE_TYPE && typeof (data as PopupResponseMessage).href === "string";

/** What a popup login needs from the instance. */
export interface PopupLoginDeps {
  env: Pick<OidcEnvironment, "timers" | "onWindowMessage" | "openChannel">;
  /** The popup opened within the user's click; `undefined` when the browser blocked it. */
  popup: PopupWindow | undefined;
  appOrigin: string;
  /** The channel a popup without an opener (cut off by the IdP's `Cross-Origin-Opener-Policy`) answers on. */
  channelName: string;
  /** The login client's authorization request with a popup-marked `state` (and this login's `params`, checked). */
  request(): Promise<{ url: string; state: string }>;
  /** Forgets a request whose response will never come. */
  discard(state: string): void;
  /** Waits for the page's own start, then redeems the response like a redirect login's (state, `iss`, PKCE, nonce). */
  acceptLogin(href: string): Promise<SessionState>;
}

/**
 * Logs in through the IdP in `popup`: sends it the login client's authorization request (a `state` marked as a popup's),
 * waits for the response the popup's page hands back, and redeems it here. Rejects with `popup_blocked`, `popup_closed`,
 * `popup_timeout`, or the error a redirect login would meet; the popup is closed whatever happens.
 */
export async function loginWithPopup(deps: PopupLoginDeps, options: PopupLoginOptions = {}): Promise<IdTokenClaims> {
  const { popup } = deps;
  if (!popup) {
    throw new OidcError("popup_blocked", "The browser blocked the login popup: call loginWithPopup() directly in a click handler.");
  }
  let state: string | undefined;
  try {
    const request = await deps.request();
    state = request.state;
    popup.location.replace(request.url);
    const href = await responseFor(deps, request.state, options.timeoutMs ?? POPUP_TIMEOUT_MS);
    state = undefined; // redeemed (or refused) below: the pending entry is taken there
    const session = await deps.acceptLogin(href);
    if (session.status !== "loggedIn") throw session.error ?? new OidcError("login_required", "The popup login did not start a session.");
    return session.user;
  } finally {
    if (state !== undefined) deps.discard(state);
    if (!popup.closed) popup.close();
  }
}

/** Resolves with the response for `state` once the popup hands it over; rejects when the popup closes or time runs out. */
function responseFor(deps: PopupLoginDeps, state: string, timeoutMs: number): Promise<string> {
  const { env, popup } = deps;
  return new Promise<string>((resolve, reject) => {
    const channel = env.openChannel(deps.channelName);
    let closedPolls = 0;
    const stop = (): void => {
      stopMessages();
      channel?.close();
      env.timers.clearTimeout(poll);
      env.timers.clearTimeout(deadline);
    };
    const take = (data: unknown): void => {
      if (!isResponseMessage(data) || !URL.canParse(data.href) || new URL(data.href).searchParams.get("state") !== state) return;
      stop();
      resolve(data.href);
    };
    const fail = (code: "popup_closed" | "popup_timeout", message: string): void => {
      stop();
      reject(new OidcError(code, message));
    };
    // A message from another window or origin is never taken: only the popup's page, on the app's origin.
    const stopMessages =
      env.onWindowMessage?.((message) => {
        if (message.origin === deps.appOrigin && message.source === popup) take(message.data);
      }) ?? (() => undefined);
    channel?.addEventListener("message", (event) => take(event.data));
    let poll = env.timers.setTimeout(function check() {
      // Closed on two polls in a row: a popup that handed its response over and closed itself has its message delivered first.
      closedPolls = popup?.closed ? closedPolls + 1 : 0;
      if (closedPolls >= 2) fail("popup_closed", "The login popup was closed before the login finished.");
      else poll = env.timers.setTimeout(check, POPUP_POLL_MS);
    }, POPUP_POLL_MS);
    const deadline = env.timers.setTimeout(() => fail("popup_timeout", `The login popup got no answer in ${timeoutMs / 1000} s.`), timeoutMs);
  });
}

/** What the page loaded in a login popup needs. */
export interface PopupLandingDeps {
  env: Pick<OidcEnvironment, "opener" | "openChannel" | "closeWindow">;
  appOrigin: string;
  channelName: string;
}

/**
 * In the popup, back at the redirect URI: hands the response to the opener (postMessage restricted to the app's
 * origin, and the tab channel for an opener the IdP cut off) and closes. Nothing is redeemed and no session starts here.
 */
export function answerOpener({ env, appOrigin, channelName }: PopupLandingDeps, href: string): Promise<never> {
  const message: PopupResponseMessage = { type: MESSAGE_TYPE, href };
  env.opener?.()?.postMessage(message, appOrigin);
  const channel = env.openChannel(channelName);
  channel?.postMessage(message);
  channel?.close();
  env.closeWindow?.();
  return new Promise<never>(() => undefined); // the window is closing: nothing after this runs
}
