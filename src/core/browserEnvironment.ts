import { OidcError } from "./errors";
import type { OidcEnvironment } from "./types";

const localMutexes = new Map<string, Promise<unknown>>();

/** A lock for this tab only, used where Web Locks are missing. */
function withLocalLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const previous = localMutexes.get(name) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  localMutexes.set(name, tail);
  void tail.then(() => {
    if (localMutexes.get(name) === tail) localMutexes.delete(name);
  });
  return run;
}

/** True when `href` is back at `redirectUri` carrying an authorization response. */
function isAuthorizationResponse(href: string, redirectUri: string): boolean {
  const url = new URL(href);
  const target = new URL(redirectUri);
  return url.origin === target.origin && url.pathname === target.pathname && url.searchParams.has("state");
}

function runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string> {
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

/** The real browser: `window.location`, `history`, `sessionStorage`, iframes and Web Locks. */
export function browserEnvironment(): OidcEnvironment {
  return {
    currentUrl: () => window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, "", url),
    navigate: (url) => window.location.assign(url),
    get sessionStorage() {
      return window.sessionStorage;
    },
    now: () => Date.now(),
    isInFrame: () => window.parent !== window,
    runInIframe,
    withLock: (name, task) =>
      typeof navigator !== "undefined" && navigator.locks ? navigator.locks.request(name, task) : withLocalLock(name, task),
    claimTab: (name) =>
      typeof navigator === "undefined" || !navigator.locks
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            void navigator.locks.request(name, { ifAvailable: true }, (lock) => {
              resolve(lock !== null);
              // Held until the page goes away, so a duplicate of this tab finds it taken.
              return lock === null ? undefined : new Promise<never>(() => undefined);
            });
          }),
  };
}

/** Fills the gaps of a partial environment with the browser's. */
export function resolveEnvironment(partial: Partial<OidcEnvironment> | undefined): OidcEnvironment {
  if (partial && typeof window === "undefined") {
    const missing = (["currentUrl", "replaceUrl", "navigate", "sessionStorage", "runInIframe"] as const).filter((k) => !partial[k]);
    if (missing.length > 0) {
      throw new OidcError("config_invalid", `react-oidc-apis: outside a browser, environment must provide ${missing.join(", ")}.`);
    }
    return {
      now: () => Date.now(),
      isInFrame: () => false,
      withLock: withLocalLock,
      claimTab: async () => true,
      ...partial,
    } as OidcEnvironment;
  }
  return { ...browserEnvironment(), ...partial };
}
