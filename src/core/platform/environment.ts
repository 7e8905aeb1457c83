import type { StorageCipher } from "./storageCipher.js";
import type { Timers } from "./timers.js";

/** A channel between the tabs of one origin (`BroadcastChannel`). */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  close(): void;
}

/** Runs one silent authorization in a hidden iframe and resolves with the response URL it lands on. */
export type SilentFrameRunner = (url: string, api: string) => Promise<string>;

/** The `fetch` the kit calls the IdP with. */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

/** A popup window the app opened (the login popup): `Window` fits it. */
export interface PopupWindow {
  /** True once it was closed, by the user or by its page. */
  readonly closed: boolean;
  close(): void;
  /** Its location: a popup opened blank is of the app's origin until `replace` sends it to the IdP. */
  readonly location: { replace(url: string): void };
}

/** A message another window posted to this one (`MessageEvent` fits it). */
export interface WindowMessage {
  data: unknown;
  /** The sender's origin, as the browser attests it. */
  origin: string;
  /** The sender's window. */
  source: unknown;
}

/** Everything the core touches in the world, gathered so tests and non-window hosts can supply their own. */
export interface OidcEnvironment {
  /** The current page URL. */
  currentUrl(): string;
  /** Replace the current URL without a navigation (`history.replaceState`). */
  replaceUrl(url: string): void;
  /** Leave the page for `url` (full-page navigation). */
  navigate(url: string): void;
  /** Per-tab storage for transient login state (PKCE verifiers, redirect chains) and opted-in tokens. */
  sessionStorage: Storage;
  /** Milliseconds since the epoch: the one clock of every expiry computation. */
  now(): number;
  /** Where every delay is scheduled (renewals, retries, batching). */
  timers: Timers;
  /** A number in [0, 1), for retry jitter. */
  random(): number;
  /** How the IdP's discovery and token endpoints are called. */
  fetch: FetchFunction;
  /** True when this page runs inside a frame (a silent-authorization iframe). */
  isInFrame(): boolean;
  /**
   * Load `url` in a hidden iframe and resolve with the authorization response it lands on at `redirectUri`; reject with
   * `silent_refused` when it settles anywhere else (a login page, a refused frame), `silent_timeout` when nothing comes back.
   */
  runInIframe(url: string, redirectUri: string, timeoutMs: number): Promise<string>;
  /** Run `task` holding a lock shared by every tab of the origin (Web Locks), or just in this tab. */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T>;
  /** Hold the lock `name` for the page's lifetime; false when another live tab holds it (this tab is a duplicate). */
  claimTab(name: string): Promise<boolean>;
  /** Call `listener` when the device comes back online or the page becomes visible; returns the unsubscribe function. */
  onResume(listener: () => void): () => void;
  /** Tell the developer about a configuration that works badly (development builds only). */
  warn(message: string): void;
  /** The cipher named `name` that seals what the kit keeps in storage; its key survives a page load, never the session. */
  cipher(name: string): StorageCipher;
  /** Open a blank popup window for a login; it runs within the user's click. `undefined` when blocked. Absent: no popups. */
  openPopup?(): PopupWindow | undefined;
  /** Call `listener` for every message posted to this window; returns the unsubscribe function. */
  onWindowMessage?(listener: (message: WindowMessage) => void): () => void;
  /** The window that opened this one (this page is a login popup), if any. */
  opener?(): { postMessage(message: unknown, targetOrigin: string): void } | undefined;
  /** Close this window (a login popup that handed its response over). */
  closeWindow?(): void;
  /** A channel to the other tabs of the app (`BroadcastChannel`), or `undefined` where tabs can't talk. */
  openChannel(name: string): TabChannel | undefined;
  /** Ask for the lock `name` for the page's lifetime; `onLeader` runs once it is held (at once, or when its holder closes). */
  lead(name: string, onLeader: () => void): void;
  /**
   * Where DPoP key pairs are kept (non-extractable `CryptoKey`s), read only by clients with `dpop: true`. They must
   * outlive a page load (the login redirect) and be shared by the tabs, like the session. Default: IndexedDB, else memory.
   */
  dpopKeys?(): DpopKeyStore;
}

/** A lock for this instance only, used where Web Locks are missing: grants queue in call order. */
export function createLocalLocks(): OidcEnvironment["withLock"] {
  const tails = new Map<string, Promise<unknown>>();
  return function withLocalLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(name) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return run;
  };
}


/** A promise for a page that is navigating away: nothing after it should run. */
export const leavingPage = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * Where the DPoP key pairs live between page loads. The private key is created non-extractable: script can sign
 * with it, nothing can read it out, and IndexedDB stores the `CryptoKey` object itself, never its bits.
 */
export interface DpopKeyStore {
  load(name: string): Promise<CryptoKeyPair | undefined>;
  save(name: string, pair: CryptoKeyPair): Promise<void>;
  remove(name: string): Promise<void>;
}
