import { OidcError } from "../errors";

/**
 * How long a frame that finished loading somewhere else than the redirect URI may take to move on (an IdP page that
 * redirects by script or submits a form) before it counts as refused. Known IdPs answer `prompt=none` with an HTTP
 * redirect, so a page that stays loaded this long is a login page, an error page or a refused frame.
 */
const SETTLE_MS = 1_000;

/** True when `href` is back at `redirectUri` carrying an authorization response. */
function isAuthorizationResponse(href: string, redirectUri: string): boolean {
  const url = new URL(href);
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname && url.searchParams.has("state");
}

function refused(href: string | null): OidcError {
  return new OidcError(
    "silent_refused",
    `A silent request's hidden iframe stopped at ${href === null ? "an IdP page (login, error, or a frame refused by X-Frame-Options / CSP)" : new URL(href).pathname}, ` +
      `not at the redirect URI: iframes cannot work with this IdP. Set sessionRestoration: "redirect".`,
  );
}

/**
 * Loads `url` in a hidden iframe and resolves with the authorization response it lands on at `redirectUri`. A frame that
 * loads anything else is refused (`silent_refused`) about a second after it loaded; an IdP that never answers gives
 * `silent_timeout` after `timeoutMs`.
 */
export function runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const iframe = document.createElement("iframe");
    iframe.setAttribute("aria-hidden", "true");
    iframe.title = "silent sign-in";
    iframe.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
    let settling: ReturnType<typeof setTimeout> | undefined;
    /** The frame's URL; `null` while it shows another origin (the IdP, or a browser error page for a refused frame). */
    const location = (): string | null | undefined => {
      try {
        return iframe.contentWindow?.location.href;
      } catch {
        return null;
      }
    };
    const answered = (href: string | null | undefined): href is string =>
      typeof href === "string" && href !== "about:blank" && isAuthorizationResponse(href, redirectUri);
    // Poll rather than wait for `load`: the response is readable as soon as the IdP redirects back,
    // long before the app inside the frame would have finished loading.
    const poll = setInterval(() => {
      const href = location();
      if (answered(href)) finish(() => resolve(href));
    }, 20);
    // `load` fires for every document the frame ends on, readable or not (a refused frame shows an error page): one
    // that is not the response is given SETTLE_MS to move on, then the request counts as refused.
    iframe.addEventListener("load", () => {
      const href = location();
      if (answered(href)) return finish(() => resolve(href));
      if (href === undefined || href === "about:blank") return; // the frame's initial empty document
      clearTimeout(settling);
      settling = setTimeout(() => finish(() => reject(refused(href))), SETTLE_MS);
    });
    const timer = setTimeout(
      () => finish(() => reject(new OidcError("silent_timeout", `The IdP did not answer a silent request within ${timeoutMs} ms.`))),
      timeoutMs,
    );
    function finish(settle: () => void): void {
      clearInterval(poll);
      clearTimeout(timer);
      clearTimeout(settling);
      iframe.remove();
      settle();
    }
    iframe.src = url;
    document.body.appendChild(iframe);
  });
}
