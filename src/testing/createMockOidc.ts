import { OidcError } from "../core/errors.js";
import type {
  ApiTokenState,
  GetApiTokenOptions,
  IdTokenClaims,
  LoginOptions,
  LogoutOptions,
  OidcSnapshot,
  SessionState,
} from "../core/types.js";
import { audienceOf, decodeJwtPayload } from "../core/protocol/jwt.js";
import { apiTokenStateOf, idleApiTokenState, type TokenMachineState } from "../core/tokens/tokenState.js";
import { makeFakeJwt } from "./makeFakeJwt.js";
import { resolveMockConfig } from "./mockConfig.js";
import type { CreateMockOidcOptions, MockGetApiTokenCall, MockOidc } from "./mockOidcTypes.js";

export type { CreateMockOidcOptions, MockGetApiTokenCall, MockOidc, MockOidcCalls } from "./mockOidcTypes.js";

/** The user a mock instance is logged in as when `user` is not given. */
export const defaultMockUser: IdTokenClaims = Object.freeze({
  sub: "mock-user",
  name: "Mock User",
  email: "mock-user@example.test",
});

type Entries<Api extends string> = Record<Api, ApiTokenState>;

function initialSession(status: SessionState["status"], user: IdTokenClaims | null, error: OidcError | undefined): SessionState {
  if (status === "loggedIn" && user) return { status, user, error: undefined };
  if (status === "error") return { status, user: undefined, error: error ?? new OidcError("idp_unreachable", "Mock session error.") };
  return { status: status === "loggedIn" ? "loggedOut" : status, user: undefined, error: undefined };
}

const never = (): Promise<never> => new Promise<never>(() => {});

/**
 * A deterministic, in-memory `Oidc` for unit tests, stories and consumers' own tests. TEST-ONLY.
 *
 * It never navigates: `login()` switches to logged in (as `loginUser`) and `logout()` runs the `onLogout` tasks,
 * then switches to logged out; both return a promise that never settles, like the real ones whose page is gone.
 * Tokens are unsigned JWT-shaped strings (`makeFakeJwt`) with `iss`, `sub`, `aud`, `azp`, `scope`, `iat`, `exp`.
 */
export function createMockOidc<Api extends string>(options: CreateMockOidcOptions<Api>): MockOidc<Api> {
  const config = resolveMockConfig(options);
  const names = Object.keys(config.clients) as Api[];
  const now = options.now ?? Date.now;
  const delayMs = options.tokenDelayMs ?? 0;
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  let user: IdTokenClaims | null = options.user === undefined ? defaultMockUser : options.user;
  let loginUser: IdTokenClaims = options.loginUser ?? user ?? defaultMockUser;
  const status = options.status ?? (user ? "loggedIn" : "loggedOut");
  if (status === "loggedIn" && user === null) {
    throw new OidcError("config_invalid", 'createMockOidc: `status: "loggedIn"` needs a `user`; drop `user: null`.');
  }

  const sources = new Map<Api, string | OidcError>(Object.entries(options.tokens ?? {}) as [Api, string | OidcError][]);
  const pending = new Map<Api, Promise<string>>();
  const inFlight = new Set<Promise<unknown>>();
  const logoutTasks = new Set<() => Promise<void> | void>();
  const listeners = new Set<() => void>();
  const calls = { login: [] as LoginOptions[], logout: [] as LogoutOptions[], getApiToken: [] as MockGetApiTokenCall<Api>[] };
  // Bumped whenever the user changes, so a token requested for the previous user never lands in the snapshot.
  let generation = 0;
  let issued = 0;

  const idle = (api: Api): ApiTokenState => idleApiTokenState(config.clients[api].strategy, config.clients[api].clientId);
  const stateOf = (api: Api, state: TokenMachineState): ApiTokenState =>
    apiTokenStateOf(state, config.clients[api].strategy, config.clients[api].clientId);
  const allIdle = (current?: Entries<Api>): Entries<Api> => {
    const apis = {} as Entries<Api>;
    for (const api of names) {
      const entry = current?.[api];
      apis[api] = entry && entry.status === "idle" && entry.accessToken === undefined ? entry : idle(api);
    }
    return apis;
  };

  let snapshot: OidcSnapshot<Api> = {
    session: initialSession(status, user, options.sessionError),
    apis: allIdle(),
  };

  function publish(next: OidcSnapshot<Api>): void {
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  function setEntry(api: Api, entry: ApiTokenState): void {
    publish({ ...snapshot, apis: { ...snapshot.apis, [api]: entry } });
  }

  function switchUser(next: IdTokenClaims | null): void {
    user = next;
    const previous = snapshot.session;
    if (previous.user === (next ?? undefined) && previous.status === (next ? "loggedIn" : "loggedOut")) return;
    const sameSubject = previous.user !== undefined && next !== null && previous.user.sub === next.sub;
    if (!sameSubject) {
      generation += 1;
      pending.clear();
    }
    const session: SessionState = next
      ? { status: "loggedIn", user: next, error: undefined }
      : { status: "loggedOut", user: undefined, error: undefined };
    publish({ session, apis: sameSubject ? snapshot.apis : allIdle(snapshot.apis) });
  }

  function assertApi(api: Api): void {
    if (!Object.hasOwn(config.clients, api)) {
      throw new OidcError("unknown_api", `Unknown API "${api}"; known: ${names.join(", ")}.`, { api });
    }
  }

  function readyEntry(api: Api, token: string): ApiTokenState {
    const claims = decodeJwtPayload(token);
    const obtainedAt = now();
    const set = {
      accessToken: token,
      tokenType: "Bearer",
      obtainedAt,
      expiresAt: typeof claims?.exp === "number" ? claims.exp * 1000 : obtainedAt + lifetimeSeconds * 1000,
      scope: typeof claims?.scope === "string" ? claims.scope : config.clients[api].scope,
    };
    return stateOf(api, { status: "ready", set, audience: audienceOf(claims), error: undefined });
  }

  function issue(api: Api, subject: IdTokenClaims): string | OidcError {
    const source = sources.get(api);
    if (source !== undefined) return source;
    const client = config.clients[api];
    const issuedAt = Math.floor(now() / 1000);
    issued += 1;
    return makeFakeJwt({
      iss: config.issuer,
      sub: subject.sub,
      aud: typeof client.expectedAudience === "string" ? client.expectedAudience : api,
      azp: client.clientId,
      scope: client.scope || config.clients[config.loginClient].scope,
      iat: issuedAt,
      exp: issuedAt + lifetimeSeconds,
      jti: `mock-${api}-${issued}`,
    });
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async function requestToken(api: Api, subject: IdTokenClaims): Promise<string> {
    const startedIn = generation;
    if (snapshot.apis[api].status !== "ready") setEntry(api, stateOf(api, { status: "loading" }));
    await (delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, delayMs)) : Promise.resolve());
    if (startedIn !== generation) throw new OidcError("logged_out", "The user changed while the token was requested.", { api });
    const token = issue(api, subject);
    if (token instanceof OidcError) {
      setEntry(api, stateOf(api, { status: "error", error: token }));
      throw token;
    }
    setEntry(api, readyEntry(api, token));
    return token;
  }

  const oidc: MockOidc<Api> = {
    config,
    calls,
    start() {
      if (snapshot.session.status === "initializing") switchUser(user);
      return Promise.resolve(snapshot.session);
    },
    loginWithPopup(popupOptions = {}) {
      // Recorded as a login; the mock's popup always succeeds at once.
      calls.login.push(popupOptions.params ? { params: { ...popupOptions.params } } : {});
      switchUser(loginUser);
      return Promise.resolve(loginUser);
    },
    login(loginOptions = {}) {
      calls.login.push({ ...loginOptions });
      switchUser(loginUser);
      return never();
    },
    logout(logoutOptions = {}) {
      calls.logout.push({ ...logoutOptions });
      void track(
        (async () => {
          // The real logout does not let a failing task keep the user logged in; neither does the mock.
          await Promise.allSettled([...logoutTasks].map(async (task) => task()));
          switchUser(null);
        })(),
      );
      return never();
    },
    async getApiToken(api: Api, tokenOptions: GetApiTokenOptions = {}) {
      calls.getApiToken.push({ api, forceRefresh: tokenOptions.forceRefresh === true });
      assertApi(api);
      if (snapshot.session.status === "initializing") await oidc.start();
      const subject = snapshot.session.user;
      if (snapshot.session.status !== "loggedIn" || subject === undefined) {
        throw new OidcError("login_required", "Not logged in (mock).", { api });
      }
      const entry = snapshot.apis[api];
      const fresh = entry.expiresAt !== undefined && entry.expiresAt - config.renewBeforeExpirySeconds * 1000 > now();
      if (!tokenOptions.forceRefresh && entry.status === "ready" && entry.accessToken !== undefined && fresh) {
        return entry.accessToken;
      }
      const shared = pending.get(api);
      if (shared) return shared;
      const request = track(requestToken(api, subject));
      pending.set(api, request);
      const clear = () => {
        if (pending.get(api) === request) pending.delete(api);
      };
      request.then(clear, clear);
      return request;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => snapshot,
    onLogout(task) {
      logoutTasks.add(task);
      return () => {
        logoutTasks.delete(task);
      };
    },
    navigatingTo() {
      // The mock never leaves the page, so where a redirect chain would land does not matter.
    },
    async createDpopProof() {
      // The mock's tokens are bearer tokens: a token-bound fetch sends them as `Bearer`.
      return undefined;
    },
    clearCalls() {
      calls.login.length = 0;
      calls.logout.length = 0;
      calls.getApiToken.length = 0;
    },
    setUser: switchUser,
    loginAs(next) {
      loginUser = next;
      switchUser(next);
    },
    setToken(api, token) {
      assertApi(api);
      sources.set(api, token);
      if (snapshot.session.status !== "loggedIn") return;
      setEntry(api, token instanceof OidcError ? stateOf(api, { status: "error", error: token }) : readyEntry(api, token));
    },
    expireToken(api) {
      assertApi(api);
      const entry = snapshot.apis[api];
      if (entry.status === "ready") setEntry(api, { ...entry, expiresAt: now() });
    },
    async whenSettled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
  return oidc;
}
