import { OidcError } from "../errors.js";
import { DEV } from "./development.js";

/**
 * How long a frame that finished loading somewhere else than the redirect URI may take to move on (an IdP page that
 * redirects by script or submits a form) before it counts as refused. Known IdPs answer `prompt=none` with an HTTP
 * redirect, so a page that stays loaded this long is a login page, an error page or a refused frame.
 */
const SETTLE_MS = 1_000;

/** How often the frame's URL is read when no event says it moved (an IdP page that moves on by script). */
const POLL_MS = 10;

/** Where a hidden frame stands: `answered` at the redirect URI with a response, `elsewhere` on a page that is not it. */
export type FrameStop = "answered" | "elsewhere" | "pending";

/**
 * Classifies the frame's URL: `href` is `null` while the frame shows another origin (the IdP, or a browser error page for
 * a refused frame), `undefined` before it has a window; `about:blank` is its initial empty document.
 */
export function frameStop(href: string | null | undefined, redirectUri: string): FrameStop {
  if (href === undefined || href === "about:blank") return "pending";
  if (href === null) return "elsewhere";
  const url = new URL(href);
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname && url.searchParams.has("state") ? "answered" : "elsewhere";
}

function refused(href: string | null): OidcError {
  return new OidcError(
    "silent_refused",
    "A silent request's hidden iframe stopped elsewhere than the redirect URI: iframes cannot work with this IdP." +
      (DEV
        ? ` It stopped at ${href === null ? "an IdP page (login, error, or a frame refused by X-Frame-Options / CSP)" : new URL(href).pathname}.` +
          ` Set sessionRestoration: "redirect".`
        : ""),
  );
}

function hiddenFrame(): HTMLIFrameElement {
  const iframe = document.createElement("iframe");
  iframe.setAttribute("aria-hidden", "true");
  iframe.title = "silent sign-in";
  iframe.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
  return iframe;
}

/** Stops the frame's parser and loads (what its page asked for is cancelled), then drops it. */
function discard(iframe: HTMLIFrameElement): void {
  try {
    iframe.contentWindow?.stop();
  } catch {
    // Another origin's window can't be stopped; removing the frame cancels its loads all the same.
  }
  iframe.remove();
}

/**
 * Loads `url` in a hidden iframe and resolves with the authorization response it lands on at `redirectUri`, taken the
 * moment that page commits: the frame is stopped and removed before any script of the page runs. (Chromium asks for the
 * files the page's HTML names while it commits, and those requests are cancelled; a static `silentRedirectUri` page
 * names none.) A frame that loads anything else is refused (`silent_refused`) about a second after it loaded; an IdP
 * that never answers gives `silent_timeout` after `timeoutMs`.
 */
export function runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const iframe = hiddenFrame();
    let settling: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const location = (): string | null | undefined => {
      try {
        return iframe.contentWindow?.location.href;
      } catch {
        return null;
      }
    };
    /** Takes the response if the frame shows it; otherwise reports where the frame stands. */
    const check = (): FrameStop => {
      if (done) return "pending";
      const href = location();
      const stop = frameStop(href, redirectUri);
      if (stop === "answered") finish(() => resolve(href as string));
      return stop;
    };
    // A message to oneself runs in the very next task: sooner than any timer, which browsers clamp.
    const nextTask = new MessageChannel();
    nextTask.port1.onmessage = () => void check();
    // The timer is the fallback for documents that move on by themselves (an IdP page redirecting by script), which
    // no event of this page reports.
    const poll = setInterval(check, POLL_MS);
    // `load` fires for every document the frame ends on, readable or not (a refused frame shows an error page): one
    // that is not the response is given SETTLE_MS to move on, then the request counts as refused.
    iframe.addEventListener("load", () => {
      if (check() !== "elsewhere") return;
      const href = location();
      clearTimeout(settling);
      settling = setTimeout(() => finish(() => reject(refused(href ?? null))), SETTLE_MS);
    });
    const timer = setTimeout(
      () => finish(() => reject(new OidcError("silent_timeout", `The IdP did not answer a silent request within ${timeoutMs} ms.`))),
      timeoutMs,
    );
    function finish(settle: () => void): void {
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      clearTimeout(settling);
      nextTask.port1.close();
      discard(iframe);
      settle();
    }
    document.body.appendChild(iframe);
    // The frame's initial empty document belongs to this page, so its `pagehide` is ours to hear: it fires while the
    // first real document commits (the IdP's HTTP redirect lands on the redirect URI with no page in between), and the
    // check it queues runs right after that commit, before the new page's parser runs any script. Polling alone, even
    // every 10 ms, let an inline script of the page run in one of two test runs (Chromium).
    iframe.contentWindow?.addEventListener("pagehide", () => nextTask.port2.postMessage(null), { once: true });
    iframe.src = url;
  });
}
