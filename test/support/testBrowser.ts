import { createOidc } from "../../src/core/createOidc";
import { OidcError } from "../../src/core/errors";
import type { OidcEnvironment } from "../../src/core/platform/environment";
import { createStorageCipher, memoryKeyStore, type StorageCipher } from "../../src/core/platform/storageCipher";
import { memoryDpopKeys, type DpopKeyStore } from "../../src/core/dpop/keyStore";
import type { Oidc, OidcConfig, SessionState } from "../../src/core/types";
import type { BrowserProfile } from "./browserProfile";
import { createUserAgent, UserAgentError, type UserAgent } from "./userAgent";

/** sessionStorage for Node: one per simulated tab. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  /** Every stored value, to check that no token was written. */
  values(): string[] {
    return [...this.items.values()];
  }
}

/** Options of a simulated browser tab. */
export interface TestTabOptions {
  /** The app's URL when the tab opens. */
  appUrl: string;
  /** Whether hidden iframes reach the IdP session (same-site) or not. */
  iframes: boolean;
  /** Shares cookies with another tab (same browser profile). */
  agent?: UserAgent;
  /** The browser profile this tab belongs to: shared cookies, and a channel and locks to its other tabs. */
  profile?: BrowserProfile;
  /** Password the IdP's login form takes. Default: the user agent's ("dev", which the dev IdP takes for anyone). */
  password?: string;
}

/**
 * A browser tab played in Node: the page URL, its sessionStorage, full-page navigations and hidden iframes,
 * all carried out over real HTTP against the real IdP by a cookie-keeping user agent.
 */
export class TestTab {
  url: string;
  readonly storage = new MemoryStorage();
  readonly agent: UserAgent;
  /** Every full-page navigation the app asked for. */
  readonly navigations: string[] = [];
  /** Every hidden-iframe request the app made. */
  readonly iframeRequests: string[] = [];
  /** How many times an app instance was created in this tab (page loads). */
  pageLoads = 0;
  /** Added to the app's clock, to play a user who takes their time (e.g. at the IdP's login form). */
  clockOffsetMs = 0;
  private waiting: ((url: string) => void) | undefined;

  constructor(private readonly options: TestTabOptions) {
    this.url = options.appUrl;
    this.agent = options.agent ?? options.profile?.agent ?? createUserAgent();
  }

  private static opened = 0;
  /** This tab's name in its profile. */
  readonly tabName = `tab-${++TestTab.opened}`;

  /** Closes the tab: it leaves its profile (channels closed, locks passed on). */
  close(): void {
    this.options.profile?.close(this.tabName);
  }

  /** The environment an app instance on this page uses. */
  /** Sealing keys of this tab: like IndexedDB, they outlive a page load. */
  private readonly ciphers = new Map<string, StorageCipher>();
  /** DPoP key pairs of this tab: like IndexedDB, they outlive a page load (the login redirect). */
  readonly dpopKeys: DpopKeyStore = memoryDpopKeys();

  environment(): Partial<OidcEnvironment> {
    return {
      cipher: (name) => {
        let cipher = this.ciphers.get(name);
        if (!cipher) this.ciphers.set(name, (cipher = createStorageCipher(memoryKeyStore())));
        return cipher;
      },
      dpopKeys: () => this.dpopKeys,
      ...(this.options.profile
        ? {
            openChannel: (name: string) => this.options.profile?.openChannel(this.tabName, name),
            lead: (name: string, onLeader: () => void) => this.options.profile?.lead(this.tabName, name, onLeader),
          }
        : {}),
      currentUrl: () => this.url,
      replaceUrl: (url) => {
        this.url = new URL(url, this.url).href;
      },
      navigate: (url) => {
        this.navigations.push(url);
        this.waiting?.(url);
      },
      sessionStorage: this.storage,
      now: () => Date.now() + this.clockOffsetMs,
      isInFrame: () => false,
      runInIframe: async (url) => {
        this.iframeRequests.push(url);
        try {
          // A cross-site iframe gets no session cookie: the IdP answers as if nobody were logged in.
          return await this.agent.authorize(url, this.options.iframes ? { noInteraction: true } : { anonymous: true });
        } catch (error) {
          // The IdP showed a page (its login form) instead of redirecting back: what a real frame reports once it loads.
          if (error instanceof UserAgentError && error.code !== "too_many_redirects") {
            throw new OidcError("silent_refused", `The hidden iframe stopped at ${error.url} (test tab).`, { cause: error });
          }
          throw error;
        }
      },
    };
  }

  /** Loads the app: a new instance on the current URL, as a page load would. */
  load<Api extends string>(config: Omit<OidcConfig<Api>, "environment">): Oidc<Api> {
    this.pageLoads += 1;
    this.close(); // the previous page of this tab is gone, with its channel and locks
    return createOidc({ ...config, environment: this.environment() });
  }

  /** Resolves with the next navigation the app starts. */
  nextNavigation(): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = (url) => {
        this.waiting = undefined;
        resolve(url);
      };
    });
  }

  /** Follows a navigation through the IdP (logging in as `login` if it asks) and lands on the app's URL. */
  async follow(url: string, login?: string): Promise<void> {
    this.url = await this.agent.authorize(url, login === undefined ? { noInteraction: true } : { login, password: this.options.password });
  }

  /**
   * Loads the app and follows every navigation it starts until `start()` settles without leaving the page.
   * Returns the settled instance and how many full-page hops it took.
   */
  async loadUntilSettled<Api extends string>(
    config: Omit<OidcConfig<Api>, "environment">,
    maxHops = 10,
  ): Promise<{ oidc: Oidc<Api>; session: SessionState; hops: number }> {
    for (let hops = 0; hops <= maxHops; hops++) {
      const oidc = this.load(config);
      const navigation = this.nextNavigation();
      const outcome = await Promise.race([
        oidc.start().then((session) => ({ session })),
        navigation.then((url) => ({ url })),
      ]);
      if ("session" in outcome) return { oidc, session: outcome.session, hops };
      await this.follow(outcome.url);
    }
    throw new OidcError("invalid_callback", `The app kept navigating after ${maxHops} hops: a redirect loop.`);
  }

  /** Logs in interactively from a settled, logged-out instance and returns the instance after the callback. */
  async logIn<Api extends string>(oidc: Oidc<Api>, config: Omit<OidcConfig<Api>, "environment">, login = "alice", returnTo?: string) {
    const navigation = this.nextNavigation();
    void oidc.login(returnTo === undefined ? {} : { returnTo });
    const authorizeUrl = await navigation;
    await this.follow(authorizeUrl, login);
    return this.loadUntilSettled(config);
  }
}
