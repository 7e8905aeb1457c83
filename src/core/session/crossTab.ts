import type { Grant } from "../tokens/refreshGrants.js";
import type { TokenSet } from "../tokens/tokenSet.js";
import type { TabChannel } from "../platform/environment.js";
import type { IdTokenClaims } from "../types.js";

export type { TabChannel } from "../platform/environment.js";

/** What one tab hands another so it needs no IdP request: held in memory only, never in storage. */
export interface SharedSession {
  /** Random id of one login session; tokens and grants of another (or an ended) session are ignored. */
  sessionId: string;
  user: IdTokenClaims;
  grants: Record<string, Grant>;
  sets: Record<string, TokenSet>;
}


/** What the cross-tab link asks of the instance. */
export interface CrossTabHandlers {
  /** The session this tab can hand over, if it has one. */
  currentSession(): SharedSession | undefined;
  /** Another tab has a session (a login there, or the answer to this tab's question). */
  adopt(session: SharedSession): void;
  /** Another tab's session ended (logout, or the IdP said login_required): end this tab's too. */
  ended(): void;
  /** Another tab obtained a token (or a rotated refresh token) for `sessionId`. */
  token(api: string, set: TokenSet, sessionId: string): void;
  grant(owner: string, grant: Grant, sessionId: string): void;
  /** As the leader: a token for `api` obtained after `newerThan`, or `undefined` when it takes a redirect (the asker's own). */
  serveToken(api: string, newerThan: number): Promise<TokenSet | undefined>;
}

type Body =
  | { type: "hello"; id: string }
  | { type: "session"; to: string | undefined; session: SharedSession }
  | { type: "ended"; sessionId: string | undefined }
  | { type: "token"; sessionId: string; api: string; set: TokenSet }
  | { type: "grant"; sessionId: string; owner: string; grant: Grant }
  | { type: "tokenRequest"; id: string; api: string; newerThan: number }
  | { type: "tokenReply"; id: string; to: string; set: TokenSet | undefined };

type Envelope = Body & { v: 1; identity: string; from: string; seq: number };

/** How long a starting tab waits for a live one to hand over its session. */
export const SESSION_HANDOVER_WAIT_MS = 100;
/** How long a follower waits for the leader's token before getting it itself (the leader may have just closed). */
const LEADER_WAIT_MS = 3_000;

/**
 * The tabs of one app, one session: a new tab takes the session from a live one (no IdP request), a login or a
 * logout in any tab reaches all of them, and only the leader tab (the holder of a Web Lock) renews, sharing each new
 * token. Every message carries the configuration's identity and a per-tab sequence, and the id of the session it
 * belongs to, so a late message can neither revive an ended session nor cross into another.
 */
export class CrossTab {
  private seq = 0;
  private readonly lastSeq = new Map<string, number>();
  private readonly waiting = new Map<string, (value: unknown) => void>();
  // Ids of this tab's open token requests: answered "get it yourself" the moment this tab becomes the leader.
  private readonly tokenRequests = new Set<string>();
  // Ids of sessions that ended; bounded, since each login adds one.
  private readonly endedSessions: string[] = [];
  private leader = false;

  constructor(
    private readonly channel: TabChannel,
    private readonly identity: string,
    private readonly tabId: string,
    private readonly timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void },
    private readonly handlers: CrossTabHandlers,
  ) {
    channel.addEventListener("message", (event) => this.receive(event.data));
  }

  /** True while this tab holds the leader lock. */
  get isLeader(): boolean {
    return this.leader;
  }

  /**
   * This tab holds the leader lock now. Its open token requests went to a leader that is gone (often this very tab's
   * previous page, which held the lock until it was torn down): they are answered at once, so it acquires itself.
   */
  becomeLeader(): void {
    this.leader = true;
    for (const id of this.tokenRequests) this.waiting.get(id)?.(undefined);
  }

  /** True when `sessionId` ended in some tab. */
  hasEnded(sessionId: string): boolean {
    return this.endedSessions.includes(sessionId);
  }

  /** Asks the live tabs for their session; resolves with the first answer, or `undefined` after `waitMs`. */
  askForSession(waitMs = SESSION_HANDOVER_WAIT_MS): Promise<SharedSession | undefined> {
    return this.ask<SharedSession>({ type: "hello", id: this.newId() }, waitMs);
  }

  /** As a follower: the leader's token for `api` newer than `newerThan`; `undefined` means "get it yourself". */
  requestToken(api: string, newerThan: number): Promise<TokenSet | undefined> {
    if (this.leader) return Promise.resolve(undefined);
    const id = this.newId();
    this.tokenRequests.add(id);
    return this.ask<TokenSet>({ type: "tokenRequest", id, api, newerThan }, LEADER_WAIT_MS).finally(() => this.tokenRequests.delete(id));
  }

  publishSession(session: SharedSession): void {
    this.post({ type: "session", to: undefined, session });
  }

  publishEnded(sessionId: string | undefined): void {
    if (sessionId) this.remember(sessionId);
    this.post({ type: "ended", sessionId });
  }

  publishToken(sessionId: string, api: string, set: TokenSet): void {
    this.post({ type: "token", sessionId, api, set });
  }

  publishGrant(sessionId: string, owner: string, grant: Grant): void {
    this.post({ type: "grant", sessionId, owner, grant });
  }

  close(): void {
    this.channel.close();
  }

  private ask<T>(body: Body & { id: string }, waitMs: number): Promise<T | undefined> {
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => {
        this.waiting.delete(body.id);
        resolve(undefined);
      }, waitMs);
      this.waiting.set(body.id, (value) => {
        this.timers.clearTimeout(timer);
        this.waiting.delete(body.id);
        resolve(value as T | undefined);
      });
      this.post(body);
    });
  }

  private post(body: Body): void {
    const envelope: Envelope = { ...body, v: 1, identity: this.identity, from: this.tabId, seq: ++this.seq };
    try {
      this.channel.postMessage(envelope);
    } catch {
      // A closed channel (the page is going away) has no one left to tell.
    }
  }

  private newId(): string {
    return `${this.tabId}:${this.seq + 1}:${Math.random().toString(36).slice(2)}`;
  }

  private remember(sessionId: string): void {
    if (this.endedSessions.includes(sessionId)) return;
    this.endedSessions.push(sessionId);
    if (this.endedSessions.length > 32) this.endedSessions.shift();
  }

  private receive(data: unknown): void {
    if (typeof data !== "object" || data === null) return;
    const message = data as Partial<Envelope>;
    if (message.v !== 1 || message.identity !== this.identity || typeof message.from !== "string" || message.from === this.tabId) return;
    if (typeof message.seq !== "number" || message.seq <= (this.lastSeq.get(message.from) ?? 0)) return;
    this.lastSeq.set(message.from, message.seq);
    this.handle(message as Envelope).catch(() => undefined);
  }

  private async handle(message: Envelope): Promise<void> {
    switch (message.type) {
      case "hello": {
        const session = this.handlers.currentSession();
        if (session) this.post({ type: "session", to: message.id, session });
        return;
      }
      case "session":
        if (this.hasEnded(message.session.sessionId)) return;
        if (message.to !== undefined) this.waiting.get(message.to)?.(message.session);
        else this.handlers.adopt(message.session);
        return;
      case "ended":
        if (message.sessionId) this.remember(message.sessionId);
        this.handlers.ended();
        return;
      case "token":
        if (!this.hasEnded(message.sessionId)) this.handlers.token(message.api, message.set, message.sessionId);
        return;
      case "grant":
        if (!this.hasEnded(message.sessionId)) this.handlers.grant(message.owner, message.grant, message.sessionId);
        return;
      case "tokenRequest": {
        if (!this.leader) return;
        const set = await this.handlers.serveToken(message.api, message.newerThan).catch(() => undefined);
        this.post({ type: "tokenReply", id: message.id, to: message.from, set });
        return;
      }
      case "tokenReply":
        if (message.to === this.tabId) this.waiting.get(message.id)?.(message.set);
        return;
    }
  }
}
