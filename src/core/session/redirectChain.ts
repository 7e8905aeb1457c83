import { isTransientError, OidcError, type OidcErrorCode } from "../errors.js";
import { leavingPage, type OidcEnvironment } from "../platform/environment.js";
import { DEV } from "../platform/development.js";
import type { StorageCipher } from "../platform/storageCipher.js";
import type { SharedSession } from "./crossTab.js";
import { withoutAuthorizationResponse } from "../protocol/authorizationResponse.js";
import { clientOf } from "../config.js";
import { strategies } from "../strategies.js";
import type { Authorizer } from "../tokens/authorizer.js";
import type { ResolvedOidcConfig } from "../types.js";

/**
 * A chain of top-level authorization redirects, one hop per client, kept in sessionStorage between hops.
 * It holds authorization responses (single-use codes bound to PKCE verifiers), never tokens: every code
 * is redeemed in memory when the chain ends, so the app renders once and no token touches storage.
 */
export interface RedirectChainRecord {
  /** Where the user goes once every hop is done. */
  returnTo: string;
  /** API names still to authorize, in order. */
  pending: string[];
  /** Authorization responses collected so far (full callback URLs). */
  responses: string[];
  /** When the chain started (ms), to drop a chain abandoned long ago. */
  startedAt: number;
  /** The session the page had when the chain started, sealed (AES-GCM) so it crosses the hops without a plaintext token. */
  carried?: string;
}

/** How a chain ends: every authorization response, where to land, and the session it carried. */
export interface ChainOutcome {
  responses: string[];
  returnTo: string;
  carried: SharedSession | undefined;
}

/**
 * A chain older than this was abandoned. It is generous on purpose: the interactive step (a user at the IdP's
 * login form) can take minutes, and the IdP itself bounds how long each collected code stays redeemable.
 */
const MAX_CHAIN_AGE_MS = 3_600_000;

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

/** What a chain needs from the instance. */
export interface RedirectChainDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "sessionStorage" | "now" | "navigate" | "replaceUrl" | "currentUrl" | "timers">;
  authorizer: Authorizer;
  storageKey: string;
  /** Seals the carried session; its key is dropped when the chain ends, so nothing readable stays at rest. */
  cipher: StorageCipher;
  /** APIs whose tokens come back with a restored session: those used before, and those prefetched. */
  hopCandidates(): string[];
  /** The page's session, when it has one: carried across the hops so the login client is not authorized again. */
  currentSession(): SharedSession | undefined;
  /** Where a chain lands unless a caller said: a router's pending navigation, else the current URL. */
  defaultReturnTo(): string;
  /** Resolves when no refresh is under way, so the carried session holds the newest (rotated) refresh tokens. */
  settled(): Promise<void>;
}

/** Starts, continues and ends redirect chains, and batches the APIs asked for in one tick into one chain. */
export class RedirectChain {
  private batch: Set<string> | undefined;
  private batchReturnTo: string | undefined;
  // A hop the IdP refused in this page load is not tried again until the next load: no redirect loop.
  private readonly failedHops = new Map<string, OidcError>();

  constructor(private readonly deps: RedirectChainDeps) {}

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
    const { url } = await this.deps.authorizer.request(clientOf(this.deps.config, first), "none");
    const carried = session ? await this.deps.cipher.encrypt(JSON.stringify(session)) : undefined;
    this.write({ returnTo, pending, responses: [], startedAt: this.deps.env.now(), carried });
    this.recordHops(hops);
    beforeLeaving?.();
    this.deps.env.navigate(url);
  }

  /** Starts an interactive login (with this login's own `params`) whose chain then collects `pending` APIs' codes silently. */
  async startLogin(returnTo: string, pending: string[], params: Readonly<Record<string, string>> = {}): Promise<never> {
    // A new interactive login may change what the IdP refused (consent given, another account).
    this.deps.env.sessionStorage.removeItem(`${this.deps.storageKey}:refused`);
    const { url } = await this.deps.authorizer.request(clientOf(this.deps.config, this.deps.config.loginClient), undefined, params);
    this.write({ returnTo, pending, responses: [], startedAt: this.deps.env.now() });
    this.deps.env.navigate(url);
    return leavingPage();
  }

  /** Takes the response in `href`: navigates to the next hop (never settles), or resolves with every response of the chain. */
  async continue(href: string): Promise<ChainOutcome> {
    const chain = this.read() ?? { returnTo: withoutAuthorizationResponse(href), pending: [], responses: [], startedAt: this.deps.env.now() };
    chain.responses.push(href);
    this.deps.env.replaceUrl(withoutAuthorizationResponse(href));
    const loginRefused = chain.responses.length === 1 && new URL(href).searchParams.has("error");
    const next = loginRefused ? undefined : chain.pending.shift();
    if (next !== undefined && Object.hasOwn(this.deps.config.clients, next)) {
      // An IdP that fails now ends the chain with what it collected; the rest is asked for when used.
      const hop = await this.deps.authorizer.request(clientOf(this.deps.config, next), "none").catch(() => undefined);
      if (hop) {
        this.write(chain);
        this.deps.env.navigate(hop.url);
        return leavingPage();
      }
    }
    this.clear();
    const carried = await this.open(chain.carried);
    return { responses: chain.responses, returnTo: chain.returnTo, carried };
  }

  /** The carried session, once; its key is dropped, so the sealed copy is unreadable from now on. */
  private async open(sealed: string | undefined): Promise<SharedSession | undefined> {
    if (sealed === undefined) return undefined;
    const plaintext = await this.deps.cipher.decrypt(sealed);
    await this.deps.cipher.forget();
    try {
      const session = JSON.parse(plaintext ?? "null") as SharedSession | null;
      return session && typeof session.user?.sub === "string" && typeof session.grants === "object" && typeof session.sets === "object" ? session : undefined;
    } catch {
      return undefined;
    }
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

  private read(): RedirectChainRecord | undefined {
    const storage = this.deps.env.sessionStorage;
    try {
      const chain = JSON.parse(storage.getItem(this.deps.storageKey) ?? "null") as RedirectChainRecord | null;
      if (chain && Array.isArray(chain.pending) && Array.isArray(chain.responses) && this.deps.env.now() - chain.startedAt < MAX_CHAIN_AGE_MS) {
        return chain;
      }
    } catch {
      // unreadable: dropped below
    }
    this.clear();
    return undefined;
  }

  private write(chain: RedirectChainRecord): void {
    this.deps.env.sessionStorage.setItem(this.deps.storageKey, JSON.stringify(chain));
  }

  private clear(): void {
    this.deps.env.sessionStorage.removeItem(this.deps.storageKey);
  }
}
