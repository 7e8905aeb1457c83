import { clientOf, resolveConfig, silentRequestsUseFrames } from "./config.js";
import { OidcError } from "./errors.js";
import { resolveEnvironment } from "./platform/browserEnvironment.js";
import type { OidcEnvironment } from "./platform/environment.js";
import { createMetadataLoader } from "./protocol/discovery.js";
import { Logout } from "./session/logout.js";
import { PendingAuthorizations } from "./tokens/pendingAuthorizations.js";
import { RedirectChain } from "./session/redirectChain.js";
import { Session } from "./session/session.js";
import { isPopupLanding, POPUP_STATE_PREFIX } from "./session/popupState.js";
import { checkExtraParams } from "./extraParams.js";
import { randomToken } from "./protocol/pkce.js";
import { safeReturnTo } from "./session/returnTo.js";
import { SessionMemory } from "./session/sessionMemory.js";
import { EarlyFrames } from "./session/earlyFrames.js";
import { silentFrames } from "./session/silentFrames.js";
import { TabSync } from "./session/tabSync.js";
import type { SharedSession } from "./session/crossTab.js";
import { lazyModule } from "./platform/lazyModule.js";
import type { SnapshotStore } from "./snapshotStore.js";
import { strategies } from "./strategies.js";
import { createAcquisition } from "./tokens/acquisition.js";
import { checkAudience } from "./tokens/audienceCheck.js";
import { Authorizer } from "./tokens/authorizer.js";
import { RefreshGrants } from "./tokens/refreshGrants.js";
import { RetrySchedule } from "./tokens/retrySchedule.js";
import { TokenMachine } from "./tokens/tokenMachine.js";
import type { TokenSet } from "./tokens/tokenSet.js";
import type { GetApiTokenOptions, Oidc, OidcConfig } from "./types.js";

/** What the instance made by `createOidc` hands to its page part. */
export interface PageInstanceDeps<Api extends string> {
  options: OidcConfig<Api>;
  /** The checked `environment` option. */
  environment: Partial<OidcEnvironment> | undefined;
  store: SnapshotStore<Api>;
  logoutTasks: ReadonlySet<() => Promise<void> | void>;
  /** The router's pending navigation, as `navigatingTo` last heard it. */
  navigationTarget(): string | undefined;
}

/** The part of an instance that lives in a page: everything that touches the environment. */
export type PageInstance<Api extends string> = Pick<Oidc<Api>, "config" | "start" | "login" | "loginWithPopup" | "logout" | "getApiToken" | "createDpopProof">;

/**
 * Wires an instance to its page: resolves the environment (the browser's unless injected; `browser_required` on a
 * server) and the page-bound configuration, then builds the session, tokens and tabs. `createOidc` calls it on first use.
 */
export function createPageInstance<Api extends string>({ options, environment, store, logoutTasks, navigationTarget }: PageInstanceDeps<Api>): PageInstance<Api> {
  const env = resolveEnvironment(environment);
  const appOrigin = new URL(env.currentUrl()).origin;
  const config = resolveConfig(options, appOrigin);
  const names = Object.keys(config.clients) as Api[];
  const login = config.clients[config.loginClient];
  const keyPrefix = `roa:${config.issuer}:`;
  const useIframe = silentRequestsUseFrames(config);

  const schedule = new RetrySchedule(env);
  const observedFetch = schedule.observe(env.fetch);
  // The DPoP code (a chunk of its own) is loaded only by an app with a dpop client, on its first use.
  const dpop = names.some((api) => config.clients[api].dpop)
    ? lazyModule(() => import("./dpop/dpopSession.js").then((m) => m.createDpopSession({ config, env: { ...env, fetch: observedFetch }, prefix: keyPrefix })))
    : undefined;
  const idpEnv: OidcEnvironment = { ...env, fetch: dpop ? async (input, init) => (await dpop()).fetch(input, init) : observedFetch };
  const metadata = createMetadataLoader(observedFetch, config.issuer, env.now);
  const memory = new SessionMemory(env.sessionStorage, keyPrefix, env.cipher(`${keyPrefix}tokens`));
  const machines = {} as Record<Api, TokenMachine>;
  const canRenewInBackground = (api: Api) => {
    const unit = config.clients[api];
    return useIframe || grants.get((strategies[unit.strategy].mintedFromSession ? login : unit).name)?.refreshToken !== undefined;
  };
  const grants = new RefreshGrants(env.withLock, keyPrefix, (owner, grant) => tabs.grantChanged(owner, grant));
  const tabs: TabSync<Api> = new TabSync<Api>({
    env,
    enabled: config.crossTab,
    identity: [config.issuer, login.clientId, config.redirectUri].join("|"),
    channelName: `${keyPrefix}tabs`,
    // Per page, not per tab: a duplicated tab inherits sessionStorage (its tab id too) but is another page.
    tabId: randomToken(8),
    session: () => session,
    machines,
    grants,
    marginMs: config.renewBeforeExpirySeconds * 1000,
    canRenewInBackground,
  });
  const sessionSub = () => store.getSnapshot().session.user?.sub;
  const pending = new PendingAuthorizations(env.sessionStorage, keyPrefix, env.now);
  const authorizer = new Authorizer({ config, env: idpEnv, metadata, pending, grants, sessionSub, dpopJkt: dpop && (async (clientId) => (await dpop()).jkt(clientId)) });
  const runSilently = silentFrames(env, memory, config);
  const early = new EarlyFrames({ authorizer, runSilently });
  const chain: RedirectChain = new RedirectChain({
    config,
    env,
    authorizer,
    storageKey: `${keyPrefix}chain`,
    cipher: env.cipher(`${keyPrefix}chain`),
    hopCandidates: () => names.filter((api) => config.clients[api].prefetch || memory.usedApis.includes(api) || machines[api].inUse),
    currentSession: (): SharedSession | undefined => session.snapshot(),
    defaultReturnTo: () => {
      const target = navigationTarget();
      return target === undefined ? env.currentUrl() : new URL(safeReturnTo(target, appOrigin), appOrigin).href;
    },
    settled: () => grants.settled(5_000, env.timers),
  });
  const acquire = createAcquisition({
    config,
    env: idpEnv,
    metadata,
    grants,
    authorizer,
    runSilently,
    useIframe,
    requestHop: (api, returnTo) => chain.requestHop(api, returnTo),
    adoptLoginToken: (set) => machines[config.loginClient].accept(set),
    sessionSub,
    takeEarlyFrame: (api) => early.take(api),
  });
  const logout = new Logout({ config, env, grants, memory, metadata, appOrigin, tasks: logoutTasks, endSession: () => (session.end(undefined), dpop?.().then((d) => d.discard(true))) });
  const session: Session<Api> = new Session<Api>({
    config, env, store, machines, grants, authorizer, chain, memory, schedule, runSilently, useIframe, keyPrefix, appOrigin,
    withoutLogoutState: (href) => logout.withoutLogoutState(href),
    tabs,
    ended: (local) => void dpop?.().then((d) => d.discard(local)),
    early: {
      // Dedicated clients the app prefetches or used in this tab, whose silent request needs no ID token of the login.
      start: () =>
        useIframe
          ? early.start(
              names
                .map((api) => config.clients[api])
                .filter((u) => u.name !== login.name && !strategies[u.strategy].mintedFromSession && u.idTokenHint !== "login")
                .filter((u) => u.prefetch || memory.usedApis.includes(u.name)),
            )
          : [],
      clear: () => early.clear(),
    },
  });

  // The page a login popup lands on hands the response to its opener (code loaded on demand) and starts no session.
  const popupDeps = { env, appOrigin, channelName: `${keyPrefix}popup` };
  const popupLogin = lazyModule(() => import("./session/popupLogin.js"));
  const startSession = () =>
    isPopupLanding(env.currentUrl()) ? popupLogin().then((m) => m.answerOpener(popupDeps, env.currentUrl())) : session.start();

  function persist(): void {
    if (config.tokenStorage !== "sessionStorage") return;
    const sets: Record<string, TokenSet> = {};
    for (const api of names) {
      const set = machines[api].tokenSet;
      if (set) sets[api] = set;
    }
    memory.writeTokens({ sets, grants: Object.fromEntries(grants.entries()) });
  }

  for (const api of names) {
    const unit = config.clients[api];
    machines[api] = new TokenMachine({
      unit,
      env,
      policy: { marginMs: config.renewBeforeExpirySeconds * 1000, floorMs: config.minRenewIntervalMs },
      schedule,
      acquire: (returnTo) => tabs.acquire(api, () => acquire(unit, returnTo)),
      // Without iframes, only a refresh token renews in the background: a redirect hop is never started behind the user's back.
      canRenewInBackground: () => canRenewInBackground(api),
      checkAudience: (set) => checkAudience(unit, set),
      publish: (state) => store.setApi(api, state),
      onAccepted: (set) => {
        persist();
        tabs.tokenAccepted(api, set);
      },
      onFinalFailure: (error) => {
        if (store.getSnapshot().session.status === "loggedIn") session.end(error);
      },
    });
  }

  async function getApiToken(api: Api, getOptions?: GetApiTokenOptions): Promise<string> {
    clientOf(config, api);
    const forceRefresh = getOptions?.forceRefresh === true;
    const returnTo = typeof getOptions?.returnTo === "string" ? new URL(safeReturnTo(getOptions.returnTo, appOrigin), appOrigin).href : undefined;
    await startSession();
    // start() resolves once with the state it found; the session may have ended since (logout, login_required).
    if (store.getSnapshot().session.status !== "loggedIn") {
      if (config.autoLogin) return session.login();
      throw new OidcError("login_required", `Log in before asking for the "${api}" token.`, { api });
    }
    memory.rememberUsed(api);
    return machines[api].get(forceRefresh, returnTo);
  }

  return {
    config,
    start: () => {
      // Back from the IdP, the codes need its token endpoint: ask for it while the rest gets ready.
      if (authorizer.isOurs(env.currentUrl())) metadata().catch(() => undefined);
      return startSession();
    },
    login: (loginOptions) => session.login(loginOptions),
    loginWithPopup: (popupOptions) => {
      // Opened now, within the user's click; the rest of the popup login is loaded meanwhile.
      const popup = env.openPopup?.();
      const acceptLogin = async (href: string) => {
        await session.start();
        await session.redeemAll([href]);
        return store.getSnapshot().session;
      };
      const request = () =>
        authorizer.request(config.clients[config.loginClient], undefined, checkExtraParams(popupOptions?.params, "loginWithPopup({ params })", "login"), POPUP_STATE_PREFIX);
      const discard = (state: string) => authorizer.discard(state);
      return popupLogin().then((m) => m.loginWithPopup({ ...popupDeps, popup, request, discard, acceptLogin }, popupOptions));
    },
    logout: (logoutOptions) => logout.logout(logoutOptions),
    getApiToken,
    createDpopProof: async (api, request) => (await dpop?.())?.proof(api, request),
  };
}
