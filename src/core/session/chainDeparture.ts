import { isTransientError, OidcError, type OidcErrorCode } from "../errors.js";
import { leavingPage } from "../platform/environment.js";
import { DEV } from "../platform/development.js";
import { clientOf } from "../config.js";
import { strategies } from "../strategies.js";
import type { RedirectChainDeps, RedirectChainRecord } from "./chainRecord.js";

// Loaded on the first hop or refused hop only: a page that never leaves for the IdP (same-site iframes, refresh tokens)
// never downloads it.

/**
 * How long requests for hops are collected into one chain: long enough for every component of one render to ask (React
 * renders in slices of a few milliseconds), short beside the hop itself.
 */
const BATCH_WINDOW_MS = 16;

/** How long a tab remembers that the IdP refused an API's silent authorization. */
const REFUSAL_MEMORY_MS = 600_000;

interface StoredRefusal {
  code: OidcErrorCode;
  message: string;
  idpError: string | undefined;
  idpErrorDescription: string | undefined;
  at: number;
}

/** More silent hops than this for one API within the window is a loop, whatever causes it. */
const LOOP_HOPS = 4;
const LOOP_WINDOW_MS = 120_000;

/** Starts chains (batching the APIs asked for in one render into one), and guards them against refusals and loops. */
export class ChainDeparture {
  private batch: Set<string> | undefined;
  private batchReturnTo: string | undefined;
  // A hop the IdP refused in this page load is not tried again until the next load: no redirect loop.
  private readonly failedHops = new Map<string, OidcError>();

  constructor(
    private readonly deps: RedirectChainDeps,
    private readonly write: (chain: RedirectChainRecord) => void,
  ) {}

  /**
   * Joins the chain that starts once this render's requests are in (`BATCH_WINDOW_MS`); the page leaves, so the promise never settles. `returnTo` is
   * where the chain lands (a router's navigation target); default: the page's URL when the chain starts.
   */
  requestHop(api: string, returnTo?: string): Promise<never> {
    const failed = this.failedHops.get(api) ?? this.refusal(api) ?? this.loopGuard(api);
    if (failed) return Promise.reject(failed);
    if (!this.batch) {
      const batch = new Set<string>();
      this.batch = batch;
      this.deps.env.timers.setTimeout(() => {
        const target = this.batchReturnTo ?? this.deps.defaultReturnTo();
        this.batch = undefined;
        this.batchReturnTo = undefined;
        void this.start([...batch], target);
      }, BATCH_WINDOW_MS);
    }
    this.batch.add(api);
    this.batchReturnTo ??= returnTo;
    return leavingPage();
  }

  /**
   * Remembers that the IdP refused `api`'s hop. A final refusal is kept for the tab (the next page loads would only
   * meet it again, one full-page hop each), until an interactive login or `REFUSAL_MEMORY_MS`.
   */
  markFailed(api: string, error: OidcError): void {
    this.failedHops.set(api, error);
    if (isTransientError(error)) return;
    const refused = this.refusals();
    refused[api] = { code: error.code, message: error.message, idpError: error.idpError, idpErrorDescription: error.idpErrorDescription, at: this.deps.env.now() };
    this.deps.env.sessionStorage.setItem(`${this.deps.storageKey}:refused`, JSON.stringify(refused));
  }

  /** The refusal the IdP gave `api` in this tab lately, as the error it was. */
  private refusal(api: string): OidcError | undefined {
    const entry = this.refusals()[api];
    return entry && new OidcError(entry.code, entry.message, { api, idpError: entry.idpError, idpErrorDescription: entry.idpErrorDescription });
  }

  private refusals(): Record<string, StoredRefusal> {
    const since = this.deps.env.now() - REFUSAL_MEMORY_MS;
    try {
      const stored = JSON.parse(this.deps.env.sessionStorage.getItem(`${this.deps.storageKey}:refused`) ?? "{}") as Record<string, StoredRefusal>;
      return Object.fromEntries(Object.entries(stored).filter(([, r]) => typeof r?.code === "string" && typeof r.message === "string" && r.at > since));
    } catch {
      return {};
    }
  }

  /**
   * Hops silently through the IdP for `requested` and every API used before or prefetched that the page does not
   * hold. A page with a session carries it (sealed) across the hops, so the login client is not authorized again and
   * no token held is fetched again; a page without one starts with the login client.
   */
  async start(requested: string[], returnTo: string, beforeLeaving?: () => void): Promise<void> {
    const { clients, loginClient } = this.deps.config;
    await this.deps.settled();
    const session = this.deps.currentSession();
    const held = (api: string) => session?.sets[api] !== undefined || (api === loginClient && session !== undefined);
    const refused = this.refusals();
    const candidates = this.deps.hopCandidates().filter((api) => !held(api) && refused[api] === undefined);
    const hops = [...new Set([...(session ? [] : [loginClient]), ...requested, ...candidates])].filter(
      (api) => Object.hasOwn(clients, api) && !strategies[clientOf(this.deps.config, api).strategy].mintedFromSession,
    );
    const [first, ...pending] = hops;
    if (first === undefined) return;
    const [{ url }, hopUrls] = await Promise.all([this.deps.authorizer.request(clientOf(this.deps.config, first), "none"), this.hopUrls(pending)]);
    const carried = session ? await this.deps.cipher.encrypt(JSON.stringify(session)) : undefined;
    this.write({ returnTo, pending, hopUrls, responses: [], startedAt: this.deps.env.now(), carried });
    this.recordHops(hops);
    beforeLeaving?.();
    this.deps.env.navigate(url);
  }

  /** Starts an interactive login (with this login's own `params`) whose chain then collects `pending` APIs' codes silently. */
  async startLogin(returnTo: string, pending: string[], params: Readonly<Record<string, string>> = {}): Promise<never> {
    // A new interactive login may change what the IdP refused (consent given, another account).
    this.deps.env.sessionStorage.removeItem(`${this.deps.storageKey}:refused`);
    const [{ url }, hopUrls] = await Promise.all([
      this.deps.authorizer.request(clientOf(this.deps.config, this.deps.config.loginClient), undefined, params),
      this.hopUrls(pending),
    ]);
    this.write({ returnTo, pending, hopUrls, responses: [], startedAt: this.deps.env.now() });
    this.deps.env.navigate(url);
    return leavingPage();
  }

  /**
   * The silent authorization URL of each later hop, built now: each hop page then navigates on without waiting for
   * discovery (one IdP round trip per hop saved). `null` where it could not be built: that hop builds its own.
   */
  private hopUrls(apis: string[]): Promise<(string | null)[]> {
    return Promise.all(
      apis.map((api) =>
        Object.hasOwn(this.deps.config.clients, api)
          ? this.deps.authorizer.request(clientOf(this.deps.config, api), "none").then((hop) => hop.url, () => null)
          : null,
      ),
    );
  }

  /** When `api` was sent through the IdP this often lately, page loads included: a loop, stopped with `redirect_loop`. */
  private loopGuard(api: string): OidcError | undefined {
    const recent = this.recentHops()[api] ?? [];
    if (recent.length < LOOP_HOPS) return undefined;
    return new OidcError(
      "redirect_loop",
      `"${api}" was sent through the IdP ${recent.length} times in ${LOOP_WINDOW_MS / 1000} s without keeping a token: stopped to avoid a redirect loop.` +
        (DEV ? " Check that the IdP issues refresh tokens to this client and that its tokens are not refused at once." : ""),
      { api },
    );
  }

  private recentHops(): Record<string, number[]> {
    const since = this.deps.env.now() - LOOP_WINDOW_MS;
    try {
      const stored = JSON.parse(this.deps.env.sessionStorage.getItem(`${this.deps.storageKey}:hops`) ?? "{}") as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(stored).map(([api, times]) => [api, Array.isArray(times) ? times.filter((t): t is number => typeof t === "number" && t > since) : []]),
      );
    } catch {
      return {};
    }
  }

  private recordHops(apis: string[]): void {
    const recent = this.recentHops();
    for (const api of apis) recent[api] = [...(recent[api] ?? []), this.deps.env.now()];
    this.deps.env.sessionStorage.setItem(`${this.deps.storageKey}:hops`, JSON.stringify(recent));
  }

}
