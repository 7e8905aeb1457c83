import type { OidcError } from "../errors";
import { leavingPage, type OidcEnvironment } from "../platform/environment";
import { withoutAuthorizationResponse } from "../protocol/authorizationResponse";
import { clientOf } from "../config";
import { strategies } from "../strategies";
import type { Authorizer } from "../tokens/authorizer";
import type { ResolvedOidcConfig } from "../types";

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
}

/**
 * A chain older than this was abandoned. It is generous on purpose: the interactive step (a user at the IdP's
 * login form) can take minutes, and the IdP itself bounds how long each collected code stays redeemable.
 */
const MAX_CHAIN_AGE_MS = 3_600_000;

/** What a chain needs from the instance. */
export interface RedirectChainDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "sessionStorage" | "now" | "navigate" | "replaceUrl" | "currentUrl" | "timers">;
  authorizer: Authorizer;
  storageKey: string;
  /** APIs whose tokens come back with a restored session: those used before, and those prefetched. */
  hopCandidates(): string[];
}

/** Starts, continues and ends redirect chains, and batches the APIs asked for in one tick into one chain. */
export class RedirectChain {
  private batch: Set<string> | undefined;
  // A hop the IdP refused in this page load is not tried again until the next load: no redirect loop.
  private readonly failedHops = new Map<string, OidcError>();

  constructor(private readonly deps: RedirectChainDeps) {}

  /** Joins the chain that starts at the end of this tick; the page leaves, so the promise never settles. */
  requestHop(api: string): Promise<never> {
    const failed = this.failedHops.get(api);
    if (failed) return Promise.reject(failed);
    if (!this.batch) {
      const batch = new Set<string>();
      this.batch = batch;
      this.deps.env.timers.setTimeout(() => {
        this.batch = undefined;
        void this.start([...batch], this.deps.env.currentUrl());
      }, 0);
    }
    this.batch.add(api);
    return leavingPage();
  }

  /** Remembers that the IdP refused `api`'s hop in this page load. */
  markFailed(api: string, error: OidcError): void {
    this.failedHops.set(api, error);
  }

  /** Hops silently through the IdP for the login client, every API used before or prefetched, and `requested`. */
  async start(requested: string[], returnTo: string, beforeLeaving?: () => void): Promise<void> {
    const { clients, loginClient } = this.deps.config;
    const hops = [...new Set([loginClient, ...this.deps.hopCandidates(), ...requested])].filter(
      (api) => Object.hasOwn(clients, api) && !strategies[clientOf(this.deps.config, api).strategy].mintedFromSession,
    );
    const [first, ...pending] = hops;
    if (first === undefined) return;
    const { url } = await this.deps.authorizer.request(clientOf(this.deps.config, first), "none");
    this.write({ returnTo, pending, responses: [], startedAt: this.deps.env.now() });
    beforeLeaving?.();
    this.deps.env.navigate(url);
  }

  /** Starts an interactive login (with this login's own `params`) whose chain then collects `pending` APIs' codes silently. */
  async startLogin(returnTo: string, pending: string[], params: Readonly<Record<string, string>> = {}): Promise<never> {
    const { url } = await this.deps.authorizer.request(clientOf(this.deps.config, this.deps.config.loginClient), undefined, params);
    this.write({ returnTo, pending, responses: [], startedAt: this.deps.env.now() });
    this.deps.env.navigate(url);
    return leavingPage();
  }

  /** Takes the response in `href`: navigates to the next hop (never settles), or resolves with every response of the chain. */
  async continue(href: string): Promise<{ responses: string[]; returnTo: string }> {
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
    return { responses: chain.responses, returnTo: chain.returnTo };
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
