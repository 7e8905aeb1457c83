import { OidcError } from "../errors.js";
import { DEV } from "./development.js";
import { createLocalLocks, type OidcEnvironment } from "./environment.js";
import { createStorageCipher, indexedDbKeyStore, memoryKeyStore, type StorageCipher } from "./storageCipher.js";
import { lazyModule } from "./lazyModule.js";
import { hostTimers } from "./timers.js";

// A tab frozen while holding a lock must not block the others for good: past this wait, run without it.
const LOCK_WAIT_MS = 10_000;

/** The Web Locks API, when the browser has it. */
const webLocks = (): LockManager | undefined => (typeof navigator === "undefined" ? undefined : navigator.locks);

function withWebLock<T>(name: string, task: () => Promise<T>, fallback: OidcEnvironment["withLock"]): Promise<T> {
  const locks = webLocks();
  if (!locks) return fallback(name, task);
  return locks.request(name, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, task).catch((error: unknown) => {
    if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) return task();
    throw error;
  });
}

function claimTab(name: string): Promise<boolean> {
  const locks = webLocks();
  if (!locks) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // Held until the page goes away, so a duplicate of this tab finds it taken.
      return lock === null ? undefined : new Promise<never>(() => undefined);
    });
  });
}

function onResume(listener: () => void): () => void {
  const onVisible = () => {
    if (document.visibilityState === "visible") listener();
  };
  window.addEventListener("online", listener);
  document.addEventListener("visibilitychange", onVisible);
  return () => {
    window.removeEventListener("online", listener);
    document.removeEventListener("visibilitychange", onVisible);
  };
}

/** A warning for the developer: silent in production builds, where nobody reads the console for it (an inline `DEV &&`). */
const developmentWarning = (message: string): void => void (DEV && console.warn(message));

/** Ciphers by name, each with its key in `keyStore(name)`. */
function ciphers(keyStore: (name: string) => Parameters<typeof createStorageCipher>[0]): (name: string) => StorageCipher {
  const made = new Map<string, StorageCipher>();
  return (name) => {
    let cipher = made.get(name);
    if (!cipher) made.set(name, (cipher = createStorageCipher(keyStore(name))));
    return cipher;
  };
}

function lead(name: string, onLeader: () => void): void {
  const locks = webLocks();
  if (!locks) return onLeader();
  void locks.request(name, () => {
    onLeader();
    return new Promise<never>(() => undefined); // held until the page goes away; the next tab in line takes over
  });
}

/** What a browser and any other host share: the clock, timers, randomness, fetch and development warnings. */
const hostParts = {
  now: () => Date.now(),
  timers: hostTimers,
  random: Math.random,
  fetch: (input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init),
  warn: developmentWarning,
};

const iframeRunner = lazyModule(() => import("./iframeRunner.js"));

/** The real browser: `window.location`, `history`, `sessionStorage`, iframes and Web Locks; touched only when called. */
export function browserEnvironment(): OidcEnvironment {
  const localLocks = createLocalLocks();
  return {
    currentUrl: () => window.location.href,
    replaceUrl: (url) => window.history.replaceState(window.history.state, "", url),
    navigate: (url) => window.location.assign(url),
    get sessionStorage() {
      return window.sessionStorage;
    },
    ...hostParts,
    isInFrame: () => window.parent !== window,
    // Loaded with the first silent request: an app whose IdP is on another site never runs one.
    runInIframe: async (url, redirectUri, timeoutMs) => (await iframeRunner()).runInIframe(url, redirectUri, timeoutMs),
    withLock: (name, task) => withWebLock(name, task, localLocks),
    claimTab,
    onResume,
    cipher: ciphers((name) => (typeof indexedDB === "undefined" ? memoryKeyStore() : indexedDbKeyStore(name))),
    openChannel: (name) => (typeof BroadcastChannel === "undefined" ? undefined : new BroadcastChannel(name)),
    openPopup: () => window.open("about:blank", "_blank", "popup,width=520,height=680") ?? undefined,
    onWindowMessage: (listener) => {
      window.addEventListener("message", listener);
      return () => window.removeEventListener("message", listener);
    },
    opener: () => window.opener ?? undefined,
    closeWindow: () => window.close(),
    lead,
  };
}

const requiredOutsideBrowser = ["currentUrl", "replaceUrl", "navigate", "sessionStorage", "runInIframe"] as const;

/** Checks the shape of the `environment` option without touching any global (a server may run it). */
export function checkEnvironmentOption(partial: unknown): Partial<OidcEnvironment> | undefined {
  if (partial !== undefined && (typeof partial !== "object" || partial === null)) {
    throw new OidcError("config_invalid", `react-oidc-apis: environment must be an object${DEV ? " of functions (see OidcEnvironment)" : ""}.`);
  }
  for (const [key, value] of Object.entries(partial ?? {})) {
    const expected = key === "sessionStorage" || key === "timers" ? "object" : "function";
    if (value !== undefined && typeof value !== expected) {
      throw new OidcError("config_invalid", `react-oidc-apis: environment.${key} must be a ${expected}, got ${typeof value}.`);
    }
  }
  return partial as Partial<OidcEnvironment> | undefined;
}

/**
 * Fills the gaps of a partial environment with the browser's; outside a browser the page-bound parts are required. Called
 * on first use, never by `createOidc`: without a browser and without an environment, it throws `browser_required`.
 */
export function resolveEnvironment(partial: Partial<OidcEnvironment> | undefined): OidcEnvironment {
  if (typeof window === "undefined") {
    if (partial === undefined) {
      throw new OidcError(
        "browser_required",
        "react-oidc-apis: " +
          (DEV
            ? "start(), login(), logout() and getApiToken() run in the browser, not on a server (in an effect, an event handler, a clientLoader); a server render shows the session as initializing."
            : "no browser."),
      );
    }
    const missing = requiredOutsideBrowser.filter((k) => !partial[k]);
    if (missing.length > 0) {
      throw new OidcError("config_invalid", `react-oidc-apis: outside a browser, environment must provide ${missing.join(", ")}.`);
    }
    return {
      ...hostParts,
      isInFrame: () => false,
      withLock: createLocalLocks(),
      claimTab: async () => true,
      onResume: () => () => undefined,
      // Outside a browser nothing outlives the process, and tabs are whatever the host says they are.
      cipher: ciphers(() => memoryKeyStore()),
      openChannel: () => undefined,
      lead: (_name: string, onLeader: () => void) => onLeader(),
      ...(partial as Pick<OidcEnvironment, (typeof requiredOutsideBrowser)[number]>),
    } as OidcEnvironment;
  }
  return { ...browserEnvironment(), ...partial };
}
