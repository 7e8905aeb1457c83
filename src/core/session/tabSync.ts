import type { OidcEnvironment } from "../platform/environment.js";
import type { Grant, RefreshGrants } from "../tokens/refreshGrants.js";
import { renewAt } from "../tokens/renewalPolicy.js";
import type { TokenMachine } from "../tokens/tokenMachine.js";
import type { TokenSet } from "../tokens/tokenSet.js";
import { CrossTab, type SharedSession } from "./crossTab.js";
import type { Session, SessionTabs } from "./session.js";

/** What tab synchronisation needs from the instance. */
export interface TabSyncDeps<Api extends string> {
  env: Pick<OidcEnvironment, "openChannel" | "lead" | "timers" | "now">;
  /** Off with `crossTab: false`. */
  enabled: boolean;
  /** The configuration's identity: issuer, login client, redirect URI; tabs of another configuration are not talked to. */
  identity: string;
  channelName: string;
  tabId: string;
  session: () => Session<Api>;
  machines: Record<Api, TokenMachine>;
  grants: RefreshGrants;
  marginMs: number;
  /** Whether this tab can renew `api` without leaving the page (what a leader may do for another tab). */
  canRenewInBackground(api: Api): boolean;
}

/**
 * The app's tabs as one: a new tab takes the session of a live one, a login or logout anywhere reaches every tab, and
 * the leader tab renews for all and shares each token and rotated refresh token. Tokens travel between tabs in memory
 * (`BroadcastChannel`), never through storage.
 */
export class TabSync<Api extends string> implements SessionTabs {
  private readonly link: CrossTab | undefined;
  // Tokens that came from another tab: taken, never sent back.
  private readonly received = new WeakSet<TokenSet>();

  constructor(private readonly deps: TabSyncDeps<Api>) {
    const channel = deps.enabled ? deps.env.openChannel(deps.channelName) : undefined;
    if (!channel) return;
    const link = new CrossTab(channel, deps.identity, deps.tabId, deps.env.timers, {
      currentSession: () => deps.session().snapshot(),
      adopt: (session) => {
        const state = deps.session().state;
        // A tab with its own session of the same user keeps it; a logged-out tab, or another user, takes the new one.
        if (state.status !== "loggedIn" || state.user.sub !== session.user.sub) this.adopt(session);
      },
      ended: () => {
        if (deps.session().state.status === "loggedIn") deps.session().end(undefined, false);
      },
      token: (api, set, sessionId) => this.take(api, set, sessionId),
      grant: (owner, grant, sessionId) => {
        if (sessionId === deps.session().sessionId) deps.grants.adopt(owner, grant);
      },
      serveToken: (api, newerThan) => this.serve(api, newerThan),
    });
    this.link = link;
    deps.env.lead(`${deps.channelName}:leader`, () => link.becomeLeader());
  }

  askForSession(): Promise<SharedSession | undefined> {
    return this.link ? this.link.askForSession() : Promise.resolve(undefined);
  }

  sessionStarted(session: SharedSession): void {
    this.link?.publishSession(session);
  }

  sessionEnded(sessionId: string | undefined): void {
    this.link?.publishEnded(sessionId);
  }

  /** A token this tab accepted: shared unless it came from another tab. */
  tokenAccepted(api: Api, set: TokenSet): void {
    const sessionId = this.deps.session().sessionId;
    if (this.link && sessionId && !this.received.has(set)) this.link.publishToken(sessionId, api, set);
  }

  /** A grant this tab obtained (a rotated refresh token): every tab keeps the newest, so any can lead next. */
  grantChanged(owner: string, grant: Grant): void {
    const sessionId = this.deps.session().sessionId;
    if (this.link && sessionId) this.link.publishGrant(sessionId, owner, grant);
  }

  /** A follower asks the leader first; without an answer (no leader, it just closed, it needs a redirect) it acquires itself. */
  async acquire(api: Api, local: () => Promise<TokenSet>): Promise<TokenSet> {
    if (!this.link || this.link.isLeader || this.deps.session().sessionId === undefined) return local();
    const set = await this.link.requestToken(api, this.deps.machines[api].tokenSet?.obtainedAt ?? 0);
    if (!set) return local();
    this.received.add(set);
    return set;
  }

  close(): void {
    this.link?.close();
  }

  private adopt(session: SharedSession): void {
    for (const set of Object.values(session.sets)) this.received.add(set);
    this.deps.session().adopt(session);
  }

  private take(api: string, set: TokenSet, sessionId: string): void {
    if (sessionId !== this.deps.session().sessionId || !Object.hasOwn(this.deps.machines, api)) return;
    const machine = this.deps.machines[api as Api];
    if ((machine.tokenSet?.obtainedAt ?? Number.NEGATIVE_INFINITY) >= set.obtainedAt) return;
    this.received.add(set);
    machine.accept(set);
  }

  private async serve(api: string, newerThan: number): Promise<TokenSet | undefined> {
    if (!Object.hasOwn(this.deps.machines, api) || !this.deps.canRenewInBackground(api as Api)) return undefined;
    const machine = this.deps.machines[api as Api];
    const current = machine.tokenSet;
    // Already renewed since the asker's token: hand it over rather than renew again.
    if (current && current.obtainedAt > newerThan && this.deps.env.now() < renewAt(current, this.deps.marginMs)) return current;
    await machine.get(current !== undefined);
    return machine.tokenSet;
  }
}
