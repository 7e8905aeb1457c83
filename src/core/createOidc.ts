import { checkConfig, type PageUriKey } from "./config.js";
import { checkEnvironmentOption } from "./platform/browserEnvironment.js";
import { createPageInstance, type PageInstance } from "./pageInstance.js";
import { SnapshotStore } from "./snapshotStore.js";
import { idleApiTokenState } from "./tokens/tokenState.js";
import type { ApiTokenState, Oidc, OidcConfig, ResolvedOidcConfig } from "./types.js";

const optionsObject = <T extends object>(value: T | undefined): T | Record<string, never> =>
  typeof value === "object" && value !== null ? value : {};

/**
 * Creates an OIDC session that serves one access token per API. It validates the configuration and touches no
 * browser global: the page (URL, storage, tabs) is wired on first use (`start()`, called by `<OidcProvider>`,
 * `getApiToken` and `enforceLogin`). So it is safe at module scope, on a server too, where the session stays
 * `initializing` and `start()`, `login()`, `logout()`, `getApiToken()` reject with `browser_required`. The page URIs of
 * `config` (`redirectUri`, `postLogoutRedirectUri`, `silentRedirectUri`) default to the page's origin: reading them wires the page.
 */
export function createOidc<Api extends string>(options: OidcConfig<Api>): Oidc<Api> {
  const environment = checkEnvironmentOption((options as { environment?: unknown } | null)?.environment);
  const checked = checkConfig(options);
  const names = Object.keys(checked.clients) as Api[];
  const store = new SnapshotStore<Api>({
    session: { status: "initializing", user: undefined, error: undefined },
    apis: Object.fromEntries(names.map((name) => [name, idleApiTokenState(checked.clients[name].strategy, checked.clients[name].clientId)])) as Record<Api, ApiTokenState>,
  });
  const logoutTasks = new Set<() => Promise<void> | void>();
  let navigationTarget: string | undefined;
  let page: PageInstance<Api> | undefined;
  const inPage = (): PageInstance<Api> =>
    (page ??= createPageInstance({ options, environment, store, logoutTasks, navigationTarget: () => navigationTarget }));
  // A server has no page: the promise rejects (browser_required) rather than the call throwing. In a page the call
  // runs synchronously, as before the wiring was lazy (a popup must open within the user's click).
  const whenInPage = <T>(run: (instance: PageInstance<Api>) => Promise<T>): Promise<T> => {
    let instance: PageInstance<Api>;
    try {
      instance = inPage();
    } catch (error) {
      return Promise.reject(error);
    }
    return run(instance);
  };

  const config = { ...checked } as ResolvedOidcConfig<Api>;
  for (const key of ["redirectUri", "postLogoutRedirectUri", "silentRedirectUri"] satisfies PageUriKey[]) {
    Object.defineProperty(config, key, { enumerable: true, get: () => inPage().config[key] });
  }

  return {
    config,
    start: () => whenInPage((instance) => instance.start()),
    login: (loginOptions) => whenInPage((instance) => instance.login(optionsObject(loginOptions))),
    loginWithPopup: (popupOptions) => whenInPage((instance) => instance.loginWithPopup(optionsObject(popupOptions))),
    logout: (logoutOptions) => whenInPage((instance) => instance.logout(optionsObject(logoutOptions))),
    getApiToken: (api, getOptions) => whenInPage((instance) => instance.getApiToken(api, getOptions)),
    createDpopProof: (api, request) => whenInPage((instance) => instance.createDpopProof(api, request)),
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    onLogout: (task) => {
      logoutTasks.add(task);
      return () => logoutTasks.delete(task);
    },
    navigatingTo: (url) => {
      navigationTarget = typeof url === "string" ? url : undefined;
    },
  };
}
