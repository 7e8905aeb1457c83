import { isTransientError, OidcError, type OidcErrorCode } from "../errors.js";
import { checkExtraParams } from "../extraParams.js";
import { DEV } from "../platform/development.js";
import { leavingPage, type OidcEnvironment } from "../platform/environment.js";
import { lazyModule } from "../platform/lazyModule.js";
import { decodeJwtPayload } from "../protocol/jwt.js";
import { randomToken } from "../protocol/pkce.js";
import type { SnapshotStore } from "../snapshotStore.js";
import { strategies } from "../strategies.js";
import type { Authorizer, Redemption } from "../tokens/authorizer.js";
import type { RefreshGrants } from "../tokens/refreshGrants.js";
import type { RetrySchedule } from "../tokens/retrySchedule.js";
import type { TokenMachine } from "../tokens/tokenMachine.js";
import { tokenSetFrom, type TokenSet } from "../tokens/tokenSet.js";
import type { IdTokenClaims, LoginOptions, ResolvedApiClient, ResolvedOidcConfig, SessionState } from "../types.js";
import type { SharedSession } from "./crossTab.js";
import type { RedirectChain } from "./redirectChain.js";
import { safeReturnTo } from "./returnTo.js";
import type { SessionMemory } from "./sessionMemory.js";
import { silentAuthorization } from "./silentFrames.js";
import type { SilentFrameRunner } from "../platform/environment.js";

/** What the session needs from the instance. */
export interface SessionDeps<Api extends string> {
  config: ResolvedOidcConfig<Api>;
  env: OidcEnvironment;
  store: SnapshotStore<Api>;
  machines: Record<Api, TokenMachine>;
  grants: RefreshGrants;
  authorizer: Authorizer;
  chain: RedirectChain;
  memory: SessionMemory;
  schedule: RetrySchedule;
  /** Hidden-iframe requests, when the IdP is reached that way (`useIframe`). */
  runSilently: SilentFrameRunner;
  useIframe: boolean;
  keyPrefix: string;
  appOrigin: string;
  /** Takes the `state` a logout sent off the URL the app came back to; returns the URL without it. */
  withoutLogoutState(href: string): string;
  /** The other tabs: a session to take over at start, and news of this tab's session starting and ending. */
  tabs: SessionTabs;
  /** Back from the IdP its session exists: iframes (same-site) start beside the login code's redemption; `start` returns their APIs. */
  early: { start(): string[]; clear(): void };
  /** The session ended, here (`local`) or in another tab: DPoP keys go with it. */
  ended(local: boolean): void;
}

/** What the session tells and asks the app's other tabs. */
export interface SessionTabs {
  askForSession(): Promise<SharedSession | undefined>;
  sessionStarted(session: SharedSession): void;
  sessionEnded(sessionId: string | undefined): void;
}

// Reading sealed tokens back (and the duplicate-tab check) loads only with `tokenStorage: "sessionStorage"`.
const persistence = lazyModule(() => import("./tokenPersistence.js"));
type Persistence = typeof import("./tokenPersistence.js");

/**
 * Refusals that mean "no session to restore": the session is logged out, with the error saying why. Anything else
 * (a bad ID token, a configuration error, a bug) is `error`.
 */
const noSession = new Set<OidcErrorCode>(["login_required", "interaction_required", "idp_refused", "silent_refused"]);

const asOidcError = (error: unknown): OidcError =>
  error instanceof OidcError ? error : new OidcError("internal_error", `Starting the session failed unexpectedly: ${String(error)}`, { cause: error });

/** The login session: start (callback or restoration, restartable), login, logout, and its total end. The only writer of the session state. */
export class Session<Api extends string> {
  private run: Promise<SessionState> | undefined;
  private readonly loginApi: Api;
  /** Random id of the current login session, shared with the tabs that take it over. */
  sessionId: string | undefined;

  constructor(private readonly deps: SessionDeps<Api>) {
    this.loginApi = deps.config.loginClient;
  }

  get state(): SessionState {
    return this.deps.store.getSnapshot().session;
  }

  /** Processes a callback in the URL or restores the session, once; after a transient failure it runs again. */
  start(): Promise<SessionState> {
    if (this.run) return this.run;
    const run = this.begin();
    this.run = run;
    void run.then((state) => {
      if (state.status === "error" && isTransientError(state.error)) {
        this.run = undefined;
        this.deps.schedule.whenRetryDue(() => void this.start());
      }
    });
    return run;
  }

  private async begin(): Promise<SessionState> {
    const { env, authorizer } = this.deps;
    const href = this.deps.withoutLogoutState(env.currentUrl());
    const ours = authorizer.isOurs(href);
    if (ours && env.isInFrame()) return leavingPage(); // the parent page reads this response
    try {
      const stored = this.deps.config.tokenStorage === "sessionStorage" ? await persistence() : undefined;
      if (stored) await stored.claimTab(env, this.deps.memory, this.deps.keyPrefix);
      if (ours) {
        const early = this.deps.early.start();
        const { responses, returnTo, carried } = await this.deps.chain.continue(href);
        try {
          if (carried) this.adopt(carried);
          await this.redeemAll(responses, carried !== undefined, early);
        } finally {
          // Refused or not, the user lands where the chain started (a deep link survives a "logged out" answer).
          env.replaceUrl(safeReturnTo(returnTo, this.deps.appOrigin));
        }
        return this.state;
      }
      return await this.restore(stored);
    } catch (error) {
      this.deps.early.clear();
      this.failed(asOidcError(error));
      return this.state;
    }
  }

  private async restore(stored: Persistence | undefined): Promise<SessionState> {
    const { config, memory, env } = this.deps;
    // The tokens this tab sealed, else a live tab's session: no IdP request, no page load.
    const handed = (await stored?.storedSession(memory, this.loginApi)) ?? (await this.deps.tabs.askForSession());
    if (handed) {
      this.adopt(handed);
      return this.state;
    }
    if (this.deps.useIframe) {
      await this.redeemAll([await silentAuthorization(this.deps.authorizer, this.deps.runSilently, config.clients[this.loginApi])]);
      this.prefetch(memory.usedApis);
      return this.state;
    }
    // One silent hop per tab, not per page load: "restoring" left over means the last try never came back.
    if (memory.hint === "out" || memory.hint === "restoring") {
      this.setState({ status: "loggedOut", user: undefined, error: undefined });
      return this.state;
    }
    await this.deps.chain.start([], env.currentUrl(), () => (memory.hint = "restoring"));
    return leavingPage();
  }

  /** The session this page holds, to carry across a redirect chain or hand to another tab. */
  snapshot(): SharedSession | undefined {
    const state = this.state;
    if (state.status !== "loggedIn" || this.sessionId === undefined) return undefined;
    const sets: Record<string, TokenSet> = {};
    for (const [api, machine] of Object.entries<TokenMachine>(this.deps.machines)) if (machine.tokenSet) sets[api] = machine.tokenSet;
    return { sessionId: this.sessionId, user: state.user, grants: Object.fromEntries(this.deps.grants.entries()), sets };
  }

  /** Takes over a session (carried by a redirect chain, handed over by another tab, unsealed from storage): no IdP request. */
  adopt(shared: SharedSession): void {
    const { machines, grants, memory } = this.deps;
    const used = memory.usedApis;
    this.deps.store.batch(() => {
      if (this.state.user && this.state.user.sub !== shared.user.sub) this.end(undefined, false);
      this.sessionId = shared.sessionId;
      for (const [owner, grant] of Object.entries(shared.grants)) grants.adopt(owner, grant);
      memory.hint = "in";
      this.setState({ status: "loggedIn", user: shared.user, error: undefined });
      for (const [api, set] of Object.entries(shared.sets)) {
        if (!Object.hasOwn(machines, api) || !(set.expiresAt > this.deps.env.now())) continue;
        const machine = machines[api as Api];
        if (used.includes(api)) machine.inUse = true;
        machine.accept(set);
      }
    });
  }

  /**
   * Redeems every response of a chain (or one iframe) at once: the app sees one state change, with every token. A chain
   * that carried the session needs no login response.
   */
  async redeemAll(responses: string[], carried = false, early: string[] = []): Promise<void> {
    const results = await Promise.allSettled(responses.map((href) => this.deps.authorizer.redeem(href)));
    const failureOf = (reason: unknown) => asOidcError(reason);
    const isLogin = (r: PromiseSettledResult<Redemption>) =>
      r.status === "fulfilled" ? r.value.api === this.loginApi : failureOf(r.reason).api === this.loginApi;
    const found = results.find(isLogin);
    const loginResult = found?.status === "fulfilled" ? found : undefined;
    if (!loginResult && !carried) {
      throw found?.status === "rejected" ? failureOf(found.reason) : new OidcError("login_required", "No login response came back.");
    }
    this.deps.store.batch(() => {
      if (loginResult) this.acceptLogin(loginResult.value);
      for (const result of results) {
        if (result === loginResult) continue;
        if (result.status === "fulfilled") {
          const { api, response } = result.value;
          this.deps.grants.hold(api, response);
          const machine = this.deps.machines[api as Api];
          machine.inUse = true;
          machine.accept(tokenSetFrom(response, this.deps.env.now()));
        } else {
          const failure = failureOf(result.reason);
          if (failure.api !== undefined && Object.hasOwn(this.deps.machines, failure.api)) this.deps.chain.markFailed(failure.api, failure);
        }
      }
    });
    const session = this.snapshot();
    if (session && loginResult) this.deps.tabs.sessionStarted(session);
    this.prefetch(early);
  }

  private acceptLogin({ api, response }: Redemption): void {
    const user = decodeJwtPayload(response.idToken) as IdTokenClaims | undefined;
    if (!user || typeof user.sub !== "string") {
      throw new OidcError("malformed_token", DEV ? "The login response has no ID token with a `sub` claim." : "No `sub`.", { api });
    }
    // Another user at the IdP: nothing of the previous one may survive.
    if (this.state.user && this.state.user.sub !== user.sub) this.end(undefined);
    if (this.state.status !== "loggedIn") this.sessionId = randomToken(16);
    this.deps.grants.hold(api, response);
    this.deps.memory.hint = "in";
    this.setState({ status: "loggedIn", user, error: undefined });
    this.deps.machines[this.loginApi].accept(tokenSetFrom(response, this.deps.env.now()));
  }

  /** Fetches the tokens of `used` and prefetched APIs that are not held yet. */
  private prefetch(used: string[]): void {
    for (const [api, unit] of Object.entries(this.deps.config.clients) as [Api, ResolvedOidcConfig<Api>["clients"][Api]][]) {
      const machine = this.deps.machines[api];
      if ((unit.prefetch || used.includes(api)) && api !== this.loginApi && machine.tokenSet === undefined) {
        machine.get(false).catch(() => undefined);
      }
    }
  }

  private failed(error: OidcError): void {
    if (noSession.has(error.code)) {
      this.deps.memory.hint = "out";
      this.setState({ status: "loggedOut", user: undefined, error });
      // Only "log in, please" starts a login by itself: after a refusal, a new login would meet the same refusal.
      if (this.deps.config.autoLogin && (error.code === "login_required" || error.code === "interaction_required")) void this.login();
      return;
    }
    // A transient failure says nothing about the session: keep the hint so the next load tries again.
    if (!isTransientError(error)) this.deps.memory.hint = "out";
    this.setState({ status: "error", user: undefined, error });
  }

  /**
   * Ends the session in one snapshot change: every API idle without a token, every timer and grant gone; the other
   * tabs are told unless the news came from them.
   */
  end(reason: OidcError | undefined, tellTabs = true): void {
    const ended = this.sessionId;
    this.sessionId = undefined;
    if (tellTabs && this.state.status === "loggedIn") this.deps.tabs.sessionEnded(ended);
    this.deps.ended(tellTabs);
    this.deps.store.batch(() => {
      for (const machine of Object.values<TokenMachine>(this.deps.machines)) machine.reset();
      this.deps.grants.clear();
      this.deps.memory.forget();
      this.setState({ status: "loggedOut", user: undefined, error: reason });
    });
    if (reason && this.deps.config.autoLogin) void this.login();
  }

  async login(options: LoginOptions = {}): Promise<never> {
    const { config, appOrigin, env } = this.deps;
    const params = checkExtraParams(options.params, "login({ params })", "login");
    const target = new URL(safeReturnTo(options.returnTo ?? env.currentUrl(), appOrigin), appOrigin).href;
    // Without iframes, prefetched dedicated clients ride the same chain as the login: codes now, tokens at the end.
    const pending = this.deps.useIframe
      ? []
      : Object.values<ResolvedApiClient>(config.clients)
          .filter((u) => u.prefetch && u.name !== this.loginApi && !strategies[u.strategy].mintedFromSession)
          .map((u) => u.name);
    return this.deps.chain.startLogin(target, pending, params);
  }

  private setState(next: SessionState): void {
    this.deps.store.setSession(next);
  }
}
