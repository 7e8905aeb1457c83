import type { SigninResponse } from "oidc-client-ts";
import { resolveEnvironment } from "./browserEnvironment";
import { authorizationResponseState, withoutAuthorizationResponse } from "./callbackUrl";
import { isSameSite, resolveConfig } from "./config";
import { OidcError } from "./errors";
import { toOidcError } from "./errorMapping";
import { audienceOf, decodeJwtPayload, type JwtClaims } from "./jwt";
import { OidcClients } from "./oidcClients";
import { RedirectChainStore, type RedirectChain } from "./redirectChain";
import { safeReturnTo } from "./returnTo";
import { SessionMemory } from "./sessionMemory";
import { createSingleFlight } from "./singleFlight";
import { idleApiTokenState, SnapshotStore } from "./snapshotStore";
import { tokenSetFrom, type TokenSet } from "./tokenSet";
import type {
  ApiTokenState,
  GetApiTokenOptions,
  IdTokenClaims,
  LoginOptions,
  LogoutOptions,
  Oidc,
  OidcConfig,
  ResolvedApiClient,
  SessionState,
} from "./types";

/** A promise for a page that is navigating away: nothing after it should run. */
const leavingPage = <T>(): Promise<T> => new Promise<T>(() => undefined);

const union = (...scopes: (string | undefined)[]): string =>
  [...new Set(scopes.flatMap((s) => (s ?? "").split(" ")).filter(Boolean))].join(" ");

/**
 * Creates an OIDC session that serves one access token per API. No side effect happens before
 * `start()` (called by `<OidcProvider>`, `getApiToken` and `enforceLogin`), so it is safe at module scope.
 */
export function createOidc<Api extends string>(options: OidcConfig<Api>): Oidc<Api> {
  const env = resolveEnvironment(options.environment);
  const appOrigin = new URL(env.currentUrl()).origin;
  const config = resolveConfig(options, appOrigin);
  const units = config.clients;
  const names = Object.keys(units) as Api[];
  const loginUnit = units[config.loginClient];
  const keyPrefix = `roa:${config.issuer}:`;
  const clients = new OidcClients(config.issuer, config.redirectUri, config.postLogoutRedirectUri, env.sessionStorage, keyPrefix);
  const clientIds = new Set(names.map((name) => units[name].clientId));
  const chains = new RedirectChainStore(env.sessionStorage, `${keyPrefix}chain`, env.now);
  const memory = new SessionMemory(env.sessionStorage, keyPrefix);
  const useIframe =
    config.sessionRestoration === "iframe" ||
    (config.sessionRestoration === "auto" && isSameSite(config.redirectUri, config.issuer));

  const tokens = new Map<Api, TokenSet>();
  const used = new Set<Api>();
  const renewTimers = new Map<Api, ReturnType<typeof setTimeout>>();
  const logoutTasks = new Set<() => Promise<void> | void>();
  const failedHops = new Map<Api, OidcError>();
  const retryAttempts = new Map<Api, number>();
  const flight = createSingleFlight<Api>();
  // Bumped on logout so a token request that was already under way cannot resurrect the session.
  let epoch = 0;
  let startPromise: Promise<SessionState> | undefined;
  let chainRequests: Set<Api> | undefined;

  const idleState = (unit: ResolvedApiClient): ApiTokenState => idleApiTokenState(unit.strategy, unit.clientId);
  const store = new SnapshotStore<Api>({
    session: { status: "initializing", user: undefined, error: undefined },
    apis: Object.fromEntries(names.map((name) => [name, idleState(units[name])])) as Record<Api, ApiTokenState>,
  });

  function assertKnown(api: Api): void {
    if (!Object.hasOwn(units, api)) {
      throw new OidcError("unknown_api", `No client named "${api}". Known: ${names.join(", ")}.`, { api });
    }
  }

  /** Resource and scope tokens are minted from the login session's refresh token; the others each take a trip through `/auth`. */
  const mintedFromSession = (unit: ResolvedApiClient): boolean => unit.strategy === "resource" || unit.strategy === "scope";

  const refreshOwner = (unit: ResolvedApiClient): ResolvedApiClient => (mintedFromSession(unit) ? loginUnit : unit);

  /** Whether a token for `unit` takes a trip through the authorization endpoint (a redirect hop when iframes can't work). */
  const needsAuthorize = (unit: ResolvedApiClient): boolean =>
    tokens.get(refreshOwner(unit).name as Api)?.refreshToken === undefined;

  function authorizeParams(unit: ResolvedApiClient) {
    if (unit === loginUnit) {
      // One interactive login grants everything the shared-client APIs will later ask the token endpoint for.
      const shared = names.map((n) => units[n]).filter(mintedFromSession);
      const resources = [loginUnit.resource, ...shared.map((u) => u.resource)].filter((r): r is string => !!r);
      return {
        scope: union(loginUnit.scope, ...shared.map((u) => u.scope)),
        resource: resources.length > 0 ? resources : undefined,
        audience: loginUnit.audience,
        tokenResource: loginUnit.resource,
      };
    }
    return {
      scope: unit.strategy === "dedicated" ? unit.scope : union(unit.scope || loginUnit.scope),
      resource: unit.resource,
      audience: unit.audience,
      tokenResource: unit.resource,
    };
  }

  async function authorizeUrl(unit: ResolvedApiClient, prompt: string | undefined): Promise<string> {
    const params = authorizeParams(unit);
    const client = await clients.get(unit.clientId);
    const request = await client.createSigninRequest({
      state: { api: unit.name },
      scope: params.scope,
      resource: params.resource,
      prompt,
      extraQueryParams: params.audience ? { audience: params.audience } : undefined,
      extraTokenParams: params.tokenResource ? { resource: params.tokenResource } : undefined,
    });
    return request.url;
  }

  /** Redeems one authorization response in memory; resolves with the API it was for and its tokens. */
  async function redeem(href: string): Promise<{ api: Api; set: TokenSet }> {
    const state = authorizationResponseState(href);
    const clientId = state === undefined ? undefined : clients.ownerOfState(state, clientIds);
    const api = (clientId && state ? clients.stateData(clientId, state)?.api : undefined) as Api | undefined;
    if (!clientId || !api || !Object.hasOwn(units, api)) {
      throw new OidcError("invalid_callback", "This authorization response was not started by this app (unknown state).");
    }
    try {
      const client = await clients.get(clientId);
      const response: SigninResponse = await client.processSigninResponse(href);
      return { api, set: tokenSetFrom(response, env.now(), api) };
    } catch (error) {
      throw toOidcError(error, api, "authorize");
    }
  }

  function checkAudience(unit: ResolvedApiClient, claims: JwtClaims | undefined): string[] | undefined {
    const audience = audienceOf(claims);
    const expected = unit.expectedAudience;
    if (typeof expected === "string" && audience !== undefined && !audience.includes(expected)) {
      throw new OidcError(
        "audience_mismatch",
        `The access token for "${unit.name}" is for ${JSON.stringify(audience)}, not "${expected}". ` +
          `Fix it at the IdP: ${
            unit.strategy === "resource"
              ? `register resource "${expected}" for client "${unit.clientId}"`
              : unit.strategy === "audience"
                ? `make "${expected}" an API identifier (audience) client "${unit.clientId}" may request`
                : `add an Audience mapper for "${expected}" to client "${unit.clientId}"${unit.strategy === "scope" ? ` or its client scope "${unit.scope}"` : ""}`
          }; or set clients.${unit.name}.expectedAudience to what the API really checks.`,
        { api: unit.name },
      );
    }
    return audience;
  }

  /** Keeps `set` for `api`, publishes it and schedules its renewal; an audience mismatch drops it. */
  function accept(api: Api, set: TokenSet): void {
    const unit = units[api];
    const audience = checkAudience(unit, decodeJwtPayload(set.accessToken));
    tokens.set(api, set);
    failedHops.delete(api);
    retryAttempts.delete(api);
    if (unit === loginUnit) {
      const claims = set.idToken ? decodeJwtPayload(set.idToken) : undefined;
      if (!claims || typeof claims.sub !== "string") {
        throw new OidcError("malformed_token", "The login response has no ID token with a `sub` claim.", { api });
      }
      memory.hint = "in";
      store.setSession({ status: "loggedIn", user: claims as IdTokenClaims, error: undefined });
    }
    store.setApi(api, {
      status: "ready",
      accessToken: set.accessToken,
      expiresAt: set.expiresAt,
      scope: set.scope,
      audience,
      obtainedAt: env.now(),
      error: undefined,
    });
    if (config.tokenStorage === "sessionStorage") memory.writeTokens(Object.fromEntries(tokens));
    scheduleRenewal(api, set);
  }

  function scheduleRenewal(api: Api, set: TokenSet): void {
    clearTimeout(renewTimers.get(api));
    if (!used.has(api)) return;
    const delay = Math.max(0, set.expiresAt - config.renewBeforeExpirySeconds * 1000 - env.now());
    const timer = setTimeout(() => {
      // A renewal that would leave the page is never started behind the user's back.
      if (useIframe || !needsAuthorize(units[api])) void getApiToken(api, { forceRefresh: true }).catch(() => undefined);
    }, delay);
    (timer as { unref?: () => void }).unref?.(); // Node: a pending renewal must not keep a process alive
    renewTimers.set(api, timer);
  }

  /** After a transient failure (IdP unreachable, silent timeout), an API in use tries again by itself: 1 s, 2 s, 4 s… up to 60 s. */
  function retryLater(api: Api): void {
    const attempt = retryAttempts.get(api) ?? 0;
    retryAttempts.set(api, attempt + 1);
    clearTimeout(renewTimers.get(api));
    const timer = setTimeout(() => void getApiToken(api, { forceRefresh: true }).catch(() => undefined), Math.min(60_000, 1000 * 2 ** attempt));
    (timer as { unref?: () => void }).unref?.();
    renewTimers.set(api, timer);
  }

  const isFresh = (set: TokenSet | undefined): set is TokenSet =>
    set !== undefined && set.expiresAt - config.renewBeforeExpirySeconds * 1000 > env.now();

  async function refresh(unit: ResolvedApiClient): Promise<TokenSet> {
    const owner = refreshOwner(unit);
    const ownerApi = owner.name as Api;
    // Rotation makes a refresh token single-use: every grant on it, in every tab, goes one at a time.
    return env.withLock(`${keyPrefix}refresh:${owner.clientId}`, async () => {
      const ownerSet = tokens.get(ownerApi);
      if (!ownerSet?.refreshToken) throw new OidcError("login_required", "The session has no refresh token.", { api: unit.name });
      const client = await clients.get(owner.clientId);
      const idClaims = ownerSet.idToken ? decodeJwtPayload(ownerSet.idToken) : undefined;
      let response: SigninResponse;
      try {
        response = await client.useRefreshToken({
          state: {
            refresh_token: ownerSet.refreshToken,
            id_token: ownerSet.idToken,
            session_state: null,
            // Renewing its own token, a client keeps the scope it was granted; only shared-client APIs narrow it.
            scope: owner === unit ? undefined : unit.scope || undefined,
            profile: (idClaims ?? {}) as never,
            data: undefined,
          } as never,
          resource: unit.strategy === "resource" || unit.strategy === "dedicated" ? unit.resource : undefined,
        });
      } catch (error) {
        throw toOidcError(error, unit.name, "token");
      }
      const set = tokenSetFrom(response, env.now(), unit.name);
      if (owner !== unit && set.refreshToken && tokens.get(ownerApi) === ownerSet) {
        // The rotated refresh token belongs to the session, not to the API that happened to ask.
        tokens.set(ownerApi, { ...ownerSet, refreshToken: set.refreshToken });
      }
      return owner === unit ? { ...set, idToken: set.idToken ?? ownerSet.idToken } : { ...set, refreshToken: undefined, idToken: undefined };
    });
  }

  async function acquire(api: Api): Promise<TokenSet> {
    const unit = units[api];
    if (!needsAuthorize(unit)) {
      try {
        return await refresh(unit);
      } catch (error) {
        if (!isRejectedGrant(error)) throw error;
        // A revoked or expired refresh token does not end the IdP session: forget it and ask the session instead.
        const owner = refreshOwner(unit).name as Api;
        const ownerSet = tokens.get(owner);
        if (ownerSet) tokens.set(owner, { ...ownerSet, refreshToken: undefined });
      }
    }
    if (useIframe) {
      const url = await authorizeUrl(unit, "none");
      const response = await env.runInIframe(url, config.redirectUri, config.silentTimeoutMs);
      return (await redeem(response)).set;
    }
    const failed = failedHops.get(api);
    if (failed) throw failed; // the IdP already said no in this page load: no second redirect
    requestChainHop(api);
    return leavingPage();
  }

  const isRejectedGrant = (error: unknown): boolean =>
    error instanceof OidcError && error.code === "token_request_failed" && (error.cause as { error?: string } | undefined)?.error === "invalid_grant";

  /** Collects the APIs asked for in one tick, so K components needing K redirects make one chain of K hops. */
  function requestChainHop(api: Api): void {
    if (chainRequests) {
      chainRequests.add(api);
      return;
    }
    chainRequests = new Set([api]);
    setTimeout(() => {
      const requested = [...(chainRequests ?? [])];
      chainRequests = undefined;
      void startChain(requested, env.currentUrl());
    }, 0);
  }

  /** Hop through the IdP with `prompt=none` for each API; memory does not survive the page, so re-collect what it held. */
  async function startChain(requested: Api[], returnTo: string): Promise<void> {
    const hops = [...new Set<Api>([config.loginClient, ...hopCandidates(), ...requested])].filter((api) => !mintedFromSession(units[api]));
    const [first, ...pending] = hops;
    if (first === undefined) return;
    chains.write({ returnTo, pending, responses: [], startedAt: env.now() });
    env.navigate(await authorizeUrl(units[first], "none"));
  }

  /** APIs whose tokens should come back with a restored session: those used before, and those prefetched. */
  const hopCandidates = (): Api[] =>
    names.filter((api) => units[api].prefetch || memory.usedApis.includes(api) || used.has(api));

  async function continueChain(href: string): Promise<SessionState> {
    const chain: RedirectChain = chains.read() ?? {
      returnTo: withoutAuthorizationResponse(href),
      pending: [],
      responses: [],
      startedAt: env.now(),
    };
    chain.responses.push(href);
    env.replaceUrl(withoutAuthorizationResponse(href));
    const params = new URL(href).searchParams;
    const loginFailed = chain.responses.length === 1 && params.has("error");
    const next = loginFailed ? undefined : chain.pending.shift();
    if (next !== undefined) {
      chains.write(chain);
      env.navigate(await authorizeUrl(units[next as Api], "none"));
      return leavingPage();
    }
    chains.clear();
    await finishChain(chain.responses);
    env.replaceUrl(safeReturnTo(chain.returnTo, appOrigin));
    return store.getSnapshot().session;
  }

  /** Redeems every code of a finished chain at once: the app sees one state change, with every token. */
  async function finishChain(responses: string[]): Promise<void> {
    const results = await Promise.allSettled(responses.map(redeem));
    const failureOf = (reason: unknown) => toOidcError(reason, "", "authorize");
    const loginResult = results.find((r) =>
      r.status === "fulfilled" ? r.value.api === config.loginClient : failureOf(r.reason).api === config.loginClient,
    );
    if (loginResult?.status !== "fulfilled") {
      sessionFailed(loginResult ? failureOf(loginResult.reason) : new OidcError("login_required", "No login response came back."));
      return;
    }
    try {
      accept(loginResult.value.api, loginResult.value.set);
    } catch (error) {
      sessionFailed(toOidcError(error, loginUnit.name, "authorize"));
      return;
    }
    for (const result of results) {
      if (result === loginResult) continue;
      if (result.status === "fulfilled") {
        const { api, set } = result.value;
        used.add(api);
        try {
          accept(api, set);
        } catch (error) {
          store.setApi(api, { status: "error", error: toOidcError(error, api, "token") });
        }
      } else {
        const failure = failureOf(result.reason);
        const api = failure.api as Api | undefined;
        if (api && Object.hasOwn(units, api)) {
          failedHops.set(api, failure);
          store.setApi(api, { status: "error", error: failure });
        }
      }
    }
    prefetch();
  }

  function sessionFailed(error: OidcError): void {
    const noSession = error.code === "login_required" || error.code === "interaction_required";
    memory.hint = "out";
    store.setSession({ status: noSession ? "loggedOut" : "error", user: undefined, error });
    if (noSession && config.autoLogin) void login();
  }

  function prefetch(): void {
    for (const api of names) {
      if (units[api].prefetch && !tokens.has(api)) void getApiToken(api).catch(() => undefined);
    }
  }

  async function restore(): Promise<SessionState> {
    if (config.tokenStorage === "sessionStorage") {
      const stored = memory.readTokens();
      const loginSet = stored[config.loginClient];
      if (loginSet && (loginSet.refreshToken !== undefined || isFresh(loginSet))) {
        for (const api of names) {
          const set = stored[api];
          if (set) {
            if (memory.usedApis.includes(api)) used.add(api);
            accept(api, set);
          }
        }
        return store.getSnapshot().session;
      }
    }
    if (useIframe) {
      try {
        const url = await authorizeUrl(loginUnit, "none");
        const { api, set } = await redeem(await env.runInIframe(url, config.redirectUri, config.silentTimeoutMs));
        accept(api, set);
        prefetchUsed();
      } catch (error) {
        sessionFailed(toOidcError(error, loginUnit.name, "authorize"));
      }
      return store.getSnapshot().session;
    }
    // One silent hop per tab, not per page load: "restoring" left over means the last try never came back.
    if (memory.hint === "out" || memory.hint === "restoring") {
      store.setSession({ status: "loggedOut", user: undefined, error: undefined });
      return store.getSnapshot().session;
    }
    memory.hint = "restoring";
    await startChain([], env.currentUrl());
    return leavingPage();
  }

  function prefetchUsed(): void {
    for (const api of memory.usedApis as Api[]) {
      if (Object.hasOwn(units, api) && api !== config.loginClient) {
        used.add(api);
        void getApiToken(api).catch(() => undefined);
      }
    }
    prefetch();
  }

  /**
   * A duplicated tab inherits a copy of sessionStorage, refresh tokens included. Two tabs redeeming one rotating
   * refresh token get the whole grant revoked, so the duplicate drops the copy and restores a session of its own.
   */
  async function claimTab(): Promise<void> {
    if (await env.claimTab(`${keyPrefix}tab:${memory.tabId()}`)) return;
    memory.writeTokens({});
    await env.claimTab(`${keyPrefix}tab:${memory.tabId(true)}`);
  }

  function start(): Promise<SessionState> {
    startPromise ??= (async () => {
      const href = env.currentUrl();
      const state = authorizationResponseState(href);
      const ours = state !== undefined && clients.ownerOfState(state, clientIds) !== undefined;
      if (ours && env.isInFrame()) return leavingPage<SessionState>(); // the parent page reads this response
      try {
        if (config.tokenStorage === "sessionStorage") await claimTab();
        return ours ? await continueChain(href) : await restore();
      } catch (error) {
        sessionFailed(toOidcError(error, loginUnit.name, "authorize"));
        return store.getSnapshot().session;
      }
    })();
    return startPromise;
  }

  async function getApiToken(api: Api, { forceRefresh = false }: GetApiTokenOptions = {}): Promise<string> {
    assertKnown(api);
    await start();
    // start() resolves once with the state it found; the session may have ended since (logout, login_required).
    if (store.getSnapshot().session.status !== "loggedIn") {
      if (config.autoLogin) return login();
      throw new OidcError("login_required", `Log in before asking for the "${api}" token.`, { api });
    }
    used.add(api);
    memory.rememberUsed(api);
    const current = tokens.get(api);
    if (!forceRefresh && isFresh(current)) return current.accessToken;
    return flight(api, async () => {
      const startedIn = epoch;
      if (!isFresh(tokens.get(api))) store.setApi(api, { status: "loading", error: undefined });
      try {
        const set = await acquire(api);
        if (startedIn !== epoch) throw new OidcError("logged_out", "The user logged out while the token was fetched.", { api });
        accept(api, set);
        return set.accessToken;
      } catch (error) {
        const failure = toOidcError(error, api, "token");
        if (startedIn === epoch) {
          const stale = !isFresh(tokens.get(api));
          store.setApi(api, stale ? { status: "error", error: failure, accessToken: undefined, expiresAt: undefined } : { error: failure });
          if (api === config.loginClient && failure.code === "login_required") sessionFailed(failure);
          if (used.has(api) && (failure.code === "idp_unreachable" || failure.code === "silent_timeout")) retryLater(api);
        }
        throw failure;
      }
    });
  }

  async function login({ returnTo }: LoginOptions = {}): Promise<never> {
    const target = new URL(safeReturnTo(returnTo ?? env.currentUrl(), appOrigin), appOrigin).href;
    // Without iframes, prefetched silent clients ride the same chain as the login: codes now, tokens at the end.
    const pending = useIframe
      ? []
      : names.filter((api) => units[api].prefetch && units[api] !== loginUnit && !mintedFromSession(units[api]));
    chains.write({ returnTo: target, pending, responses: [], startedAt: env.now() });
    env.navigate(await authorizeUrl(loginUnit, undefined));
    return leavingPage();
  }

  async function logout({ returnTo }: LogoutOptions = {}): Promise<never> {
    const idToken = tokens.get(config.loginClient)?.idToken;
    await Promise.allSettled([...logoutTasks].map(async (task) => task()));
    epoch += 1;
    for (const timer of renewTimers.values()) clearTimeout(timer);
    renewTimers.clear();
    tokens.clear();
    used.clear();
    memory.forget();
    store.setSession({ status: "loggedOut", user: undefined, error: undefined });
    for (const api of names) store.setApi(api, idleState(units[api]));
    const target = returnTo ? new URL(safeReturnTo(returnTo, appOrigin), appOrigin).href : config.postLogoutRedirectUri;
    let url = target;
    try {
      const client = await clients.get(loginUnit.clientId);
      url = (await client.createSignoutRequest({ id_token_hint: idToken, post_logout_redirect_uri: target })).url;
    } catch {
      // No end-session endpoint or IdP down: the local session is gone all the same.
    }
    env.navigate(url);
    return leavingPage();
  }

  return {
    config,
    start,
    login,
    logout,
    getApiToken,
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    onLogout(task) {
      logoutTasks.add(task);
      return () => logoutTasks.delete(task);
    },
  };
}
