import type { OidcError } from "../errors.js";
import { leavingPage } from "../platform/environment.js";
import { lazyModule } from "../platform/lazyModule.js";
import { readStoredJson } from "../platform/storedJson.js";
import type { SharedSession } from "./crossTab.js";
import { withoutAuthorizationResponse } from "../protocol/authorizationResponse.js";
import { clientOf } from "../config.js";
import type { ChainDeparture } from "./chainDeparture.js";
import type { RedirectChainDeps, RedirectChainRecord } from "./chainRecord.js";

export type { RedirectChainDeps, RedirectChainRecord } from "./chainRecord.js";

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


/** Continues and ends redirect chains; starting one (and its refusal and loop guards) loads on the first hop. */
export class RedirectChain {
  private readonly departure: () => Promise<ChainDeparture>;

  constructor(private readonly deps: RedirectChainDeps) {
    this.departure = lazyModule(() => import("./chainDeparture.js").then((m) => new m.ChainDeparture(deps, (chain) => this.write(chain))));
  }

  /** Joins the chain this render's requests start; the page leaves, so the promise never settles (see `ChainDeparture`). */
  async requestHop(api: string, returnTo?: string): Promise<never> {
    return (await this.departure()).requestHop(api, returnTo);
  }

  /** Remembers that the IdP refused `api`'s hop (see `ChainDeparture`). */
  markFailed(api: string, error: OidcError): void {
    void this.departure().then((departure) => departure.markFailed(api, error));
  }

  /** Hops silently through the IdP for `requested` and the APIs the restored session should have (see `ChainDeparture`). */
  async start(requested: string[], returnTo: string, beforeLeaving?: () => void): Promise<void> {
    return (await this.departure()).start(requested, returnTo, beforeLeaving);
  }

  /** Starts an interactive login whose chain then collects `pending` APIs' codes silently (see `ChainDeparture`). */
  async startLogin(returnTo: string, pending: string[], params: Readonly<Record<string, string>> = {}): Promise<never> {
    return (await this.departure()).startLogin(returnTo, pending, params);
  }

  /** Takes the response in `href`: navigates to the next hop (never settles), or resolves with every response of the chain. */
  async continue(href: string): Promise<ChainOutcome> {
    const chain = this.read() ?? { returnTo: withoutAuthorizationResponse(href), pending: [], responses: [], startedAt: this.deps.env.now() };
    chain.responses.push(href);
    this.deps.env.replaceUrl(withoutAuthorizationResponse(href));
    const loginRefused = chain.responses.length === 1 && new URL(href).searchParams.has("error");
    const next = loginRefused ? undefined : chain.pending.shift();
    const prebuilt = next === undefined ? undefined : chain.hopUrls?.shift();
    if (next !== undefined && Object.hasOwn(this.deps.config.clients, next)) {
      // An IdP that fails now ends the chain with what it collected; the rest is asked for when used.
      const url = prebuilt ?? (await this.deps.authorizer.request(clientOf(this.deps.config, next), "none").catch(() => undefined))?.url;
      if (url) {
        this.write(chain);
        this.deps.env.navigate(url);
        return leavingPage();
      }
    }
    // A chain that ends early (the login refused, a hop the IdP could not take) leaves requests built for nothing.
    for (const url of [prebuilt, ...(chain.hopUrls ?? [])]) {
      const state = url ? new URL(url).searchParams.get("state") : null;
      if (state !== null) this.deps.authorizer.discard(state);
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

  private read(): RedirectChainRecord | undefined {
    const chain = readStoredJson(this.deps.env.sessionStorage, this.deps.storageKey) as RedirectChainRecord | null | undefined;
    if (chain && Array.isArray(chain.pending) && Array.isArray(chain.responses) && this.deps.env.now() - chain.startedAt < MAX_CHAIN_AGE_MS) {
      return chain;
    }
    // Unreadable, malformed or abandoned: dropped.
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
