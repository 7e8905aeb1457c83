import { OidcError } from "../errors";

/** True when `href` is back at `redirectUri` carrying an authorization response. */
function isAuthorizationResponse(href: string, redirectUri: string): boolean {
  const url = new URL(href);
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname && url.searchParams.has("state");
}

/** Loads `url` in a hidden iframe and resolves with the authorization response it lands on at `redirectUri`. */
export function runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const iframe = document.createElement("iframe");
    iframe.setAttribute("aria-hidden", "true");
    iframe.title = "silent sign-in";
    iframe.style.cssText = "position:absolute;width:0;height:0;border:0;visibility:hidden";
    // Poll rather than wait for `load`: the response is readable as soon as the IdP redirects back,
    // long before the app inside the frame would have finished loading.
    const poll = setInterval(() => {
      let href: string | undefined;
      try {
        href = iframe.contentWindow?.location.href;
      } catch {
        return; // still on the IdP's origin
      }
      if (href && href !== "about:blank" && isAuthorizationResponse(href, redirectUri)) finish(() => resolve(href));
    }, 20);
    const timer = setTimeout(
      () => finish(() => reject(new OidcError("silent_timeout", `The IdP did not answer a silent request within ${timeoutMs} ms.`))),
      timeoutMs,
    );
    function finish(settle: () => void): void {
      clearInterval(poll);
      clearTimeout(timer);
      iframe.remove();
      settle();
    }
    iframe.src = url;
    document.body.appendChild(iframe);
  });
}
