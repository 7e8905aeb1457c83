import { createStorageCipher, indexedDbKeyStore, memoryKeyStore } from "../core/platform/storageCipher.js";
import { hostTimers, type Timers } from "../core/platform/timers.js";
import type { Oidc } from "../core/types.js";
import { createBoundedTokenMap } from "./boundedTokenMap.js";
import {
  kvListRequest,
  kvReadRequest,
  kvWriteRequest,
  processKvListResponse,
  processKvReadResponse,
  processKvWriteResponse,
  type KvReadOptions,
  type KvSecret,
  type KvVersionMetadata,
  type KvWriteOptions,
  type VaultFetch,
} from "./kvSecret.js";
import { VaultError } from "./vaultError.js";
import { processVaultLoginResponse, vaultLoginRequest, type VaultLogin } from "./vaultLogin.js";
import { fetchVault, type FetchLike } from "./vaultResponse.js";
import { revokeSelfRequest } from "./vaultRevoke.js";
import { createHeldTokenCarry, type VaultCarry } from "./heldTokenCarry.js";
import { createVaultTokenCache, type VaultTokenSnapshot } from "./vaultTokenCache.js";

/** Options of `createVaultClient`. */
export interface VaultClientOptions<Api extends string = string> {
  /** The OIDC instance whose `api` token is exchanged for Vault tokens. */
  oidc: Oidc<Api>;
  /** Named client of `oidc` whose access token Vault accepts (its `aud` is bound by the role). Required. */
  api: NoInfer<Api>;
  /** Vault's base URL, without `/v1` (e.g. `"https://vault.example.com"`). */
  vaultUrl: string;
  /** Role of the JWT auth method to log in with. */
  role: string;
  /** Mount path of the JWT auth method. Default: `"jwt"`. */
  mount?: string;
  /** The `fetch` to call Vault with. Default: `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Milliseconds since the epoch: lease ends and renewal times are on this clock. Default: `Date.now`. */
  now?: () => number;
  /**
   * Where renewals, retries and the 5-s floor between two logins are scheduled; inject fakes in tests to drive time in
   * milliseconds. Default: `hostTimers` (the host's `setTimeout`, never keeping Node alive).
   */
  timers?: Timers;
  /** A number in [0, 1), spreading retry delays (jitter). Default: `Math.random`. */
  random?: () => number;
  /**
   * Log in again this many seconds before the Vault token's lease ends, at most half the lease before (a token in use
   * is renewed by the client's own timer). Default: `30`.
   */
  renewBeforeExpirySeconds?: number;
  /**
   * Where the Vault tokens this client holds are kept (sealed, never in plaintext) for the tab's later pages, so logout
   * revokes the tokens of pages left for a redirect hop or a reload too; `false` keeps them in memory only (those of
   * a page left then expire with their lease). Default: like the instance's tokens — with `tokenStorage:
   * "sessionStorage"`, sealed in sessionStorage with a non-extractable key in IndexedDB; otherwise in memory only.
   */
  carry?: VaultCarry | false;
}

/** The browser's carry (sessionStorage + a key in IndexedDB), or none where the page has no sessionStorage or WebCrypto. */
function defaultCarry(name: string): VaultCarry | undefined {
  if (typeof sessionStorage === "undefined" || typeof crypto === "undefined" || crypto.subtle === undefined) return undefined;
  return { storage: sessionStorage, cipher: createStorageCipher(typeof indexedDB === "undefined" ? memoryKeyStore() : indexedDbKeyStore(name)) };
}

/** Vault tokens for one (OIDC instance, API, Vault, mount, role), and Vault calls made with them. */
export interface VaultClient<Api extends string = string> {
  /** The OIDC instance whose token is exchanged (hooks read its session through the client). */
  readonly oidc: Oidc<Api>;
  /** Vault's base URL, normalized (no trailing slash). */
  readonly vaultUrl: string;
  /** JWT auth mount path. */
  readonly mount: string;
  /** JWT auth role. */
  readonly role: string;
  /** Named OIDC client whose token is exchanged. */
  readonly api: Api;
  /**
   * A Vault token: cached while the upstream token is unchanged and the lease runs; concurrent calls share one login.
   * A call marks the token in use, so it is renewed once before its lease ends; a token nobody asks for again (and
   * nobody subscribes to) is left to expire.
   */
  getVaultToken(): Promise<VaultLogin>;
  /**
   * `fetch` for a Vault API path (`"secret/data/x"` or `"/v1/secret/data/x"`) with `X-Vault-Token`, never following a
   * redirect (`vault_redirect_refused`). On 403 with a token older than 5 s, logs in once more and retries once.
   */
  fetch: VaultFetch;
  /** Reads a KV v2 secret (`kvMount` e.g. `"secret"`, `path` e.g. `"users/alice/api"`). */
  readSecret<T = Record<string, string>>(kvMount: string, path: string, options?: KvReadOptions): Promise<KvSecret<T>>;
  /** Writes a new version of a KV v2 secret; resolves with its metadata. */
  writeSecret(kvMount: string, path: string, data: Record<string, unknown>, options?: KvWriteOptions): Promise<KvVersionMetadata>;
  /** Lists a KV v2 folder: keys, sub-folders ending with `/`; `[]` when empty. */
  listSecrets(kvMount: string, path: string): Promise<string[]>;
  /**
   * Revokes every Vault token this client obtained (`revoke-self`, logins in flight included) and empties its cache;
   * runs on logout. Afterwards the upstream token of that session is refused (`logged_out`) until a new one comes.
   */
  revokeAll(): Promise<void>;
  /**
   * Calls `listener` whenever the token snapshot changes; returns the unsubscribe function. While anyone is
   * subscribed, the token is renewed before its lease ends, a failed login is retried with backoff, and a renewed
   * upstream token is exchanged at once.
   */
  subscribe(listener: () => void): () => void;
  /** The current immutable token snapshot. */
  getSnapshot(): VaultTokenSnapshot;
}

function invalid(message: string): VaultError {
  return new VaultError("vault_config_invalid", `createVaultClient: ${message}`);
}

function normalize<Api extends string>(options: VaultClientOptions<Api>) {
  const { oidc, vaultUrl, role } = options;
  if (typeof oidc !== "object" || oidc === null || typeof oidc.getApiToken !== "function") {
    throw invalid('"oidc" must be the instance made by createOidc.');
  }
  const { api } = options;
  const known = Object.keys(oidc.config.clients).join(", ");
  if (typeof api !== "string") throw invalid(`"api" is required: the client of the OIDC config whose token Vault accepts (${known}).`);
  if (!Object.hasOwn(oidc.config.clients, api)) {
    throw invalid(`"api" is "${api}", which is not a key of the OIDC config's clients (${known}).`);
  }
  let url: URL;
  try {
    url = new URL(vaultUrl);
  } catch {
    throw invalid(`"vaultUrl" must be an absolute URL such as "https://vault.example.com"; got "${String(vaultUrl)}".`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.search || url.hash) {
    throw invalid(`"vaultUrl" must be an http(s) URL without query or fragment; got "${vaultUrl}".`);
  }
  if (typeof role !== "string" || role.trim() === "") throw invalid('"role" must name a role of the JWT auth method, e.g. "web-app".');
  const mount = (options.mount ?? "jwt").replace(/^\/+|\/+$/g, "");
  if (mount === "") throw invalid('"mount" must be the JWT auth mount path, e.g. "jwt".');
  const renew = options.renewBeforeExpirySeconds;
  if (renew !== undefined && !(typeof renew === "number" && renew >= 0 && Number.isFinite(renew))) {
    throw invalid('"renewBeforeExpirySeconds" must be a finite number of seconds >= 0.');
  }
  const { carry } = options;
  if (carry !== undefined && carry !== false && (typeof carry?.storage?.getItem !== "function" || typeof carry.cipher?.encrypt !== "function")) {
    throw invalid('"carry" must be false or { storage, cipher } (a Storage and a StorageCipher).');
  }
  for (const field of ["fetch", "now", "random"] as const) {
    if (options[field] !== undefined && typeof options[field] !== "function") throw invalid(`"${field}" must be a function when given.`);
  }
  const { timers } = options;
  if (timers !== undefined && (typeof timers?.setTimeout !== "function" || typeof timers.clearTimeout !== "function")) {
    throw invalid('"timers" must have setTimeout(callback, ms) and clearTimeout(handle), like hostTimers.');
  }
  return { oidc, api, role, mount, vaultUrl: url.href.replace(/\/+$/, "").replace(/\/v1$/, "") };
}

/**
 * A new Vault client for (oidc, api, vaultUrl, mount, role): every call makes its own, with its own token cache.
 * Create it once next to `createOidc` and pass it to the hooks, query options and loaders that use it, so they share
 * its tokens. Its tokens are revoked when the user logs out.
 */
export function createVaultClient<Api extends string>(options: VaultClientOptions<Api>): VaultClient<Api> {
  const client = buildClient(normalize(options), options);
  client.oidc.onLogout(() => client.revokeAll());
  return client;
}

function buildClient<Api extends string>(resolved: ReturnType<typeof normalize<Api>>, options: VaultClientOptions<Api>): VaultClient<Api> {
  const { oidc, api, vaultUrl, mount, role } = resolved;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const base = `${vaultUrl}/v1/`;
  const scope = `${vaultUrl}::${mount}::${role}`;
  // Tokens are kept in memory unless the app asked for sessionStorage: Vault's are no exception.
  const persisted = oidc.config.tokenStorage === "sessionStorage";
  const carry = options.carry === false ? undefined : (options.carry ?? (persisted ? defaultCarry(`roa-vault:${scope}`) : undefined));
  const cache = createVaultTokenCache({
    scope,
    carry: carry && createHeldTokenCarry(carry, scope),
    upstreamToken: () => oidc.getApiToken(api),
    login: async (jwt) => processVaultLoginResponse(await vaultLoginRequest({ vaultUrl, mount, role, jwt, fetch: fetchFn }), now()),
    revoke: (token) => revokeSelfRequest(vaultUrl, token, fetchFn),
    now,
    timers: options.timers ?? hostTimers,
    random: options.random ?? Math.random,
    renewBeforeExpirySeconds: options.renewBeforeExpirySeconds ?? 30,
  });

  function resolve(path: unknown): string {
    if (typeof path !== "string") throw new VaultError("vault_path_invalid", `A Vault path must be a string such as "sys/health"; got ${typeof path}.`);
    let url: URL;
    try {
      // Only "/v1/" after a leading slash is the API prefix: a relative "v1/..." is a mount named v1.
      url = /^[a-z][a-z\d+.-]*:/i.test(path) ? new URL(path) : new URL(path.replace(/^\/+(?:v1\/)?/, ""), base);
    } catch (error) {
      throw new VaultError("vault_url_mismatch", `"${path}" is not a URL under ${base}.`, { cause: error });
    }
    if (!url.href.startsWith(base)) {
      throw new VaultError("vault_url_mismatch", `Refusing to send the Vault token to ${url.origin}${url.pathname}: it is outside ${base}.`);
    }
    return url.href;
  }

  async function send(url: string, init: RequestInit, token: string): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("X-Vault-Token", token);
    return fetchVault(fetchFn, url, { ...init, headers });
  }

  // Tokens minted because of a 403. A 403 on one of them is about policy, not staleness: logging in again would only
  // change the token, and an app that re-reads when the token changes would loop. Pruned by lease end, capped.
  const mintedAfterDenial = createBoundedTokenMap(16);

  const vaultFetch: VaultFetch = async (path, init = {}) => {
    const url = resolve(path);
    const first = await cache.get();
    const response = await send(url, init ?? {}, first.accessToken);
    if (response.status !== 403 || mintedAfterDenial.has(first.accessToken, now())) return response;
    // The token may have been revoked or expired server-side: one fresh login, one retry. A body must be replayable.
    // A token minted less than the login floor ago is refused for its policy: the 403 stands.
    if (!cache.invalidate(first.accessToken)) return response;
    void response.body?.cancel().catch(() => undefined);
    const second = await cache.get();
    mintedAfterDenial.add(second.accessToken, second.expiresAt, now());
    return send(url, init ?? {}, second.accessToken);
  };

  // While someone listens, a renewed upstream token is exchanged at once (it keys the cache), not at the next call.
  let listening = 0;
  let stopWatching = () => {};
  function watchUpstream(): () => void {
    const read = () => {
      const { session, apis } = oidc.getSnapshot();
      const state = apis[api];
      return session.status === "loggedIn" && state?.status === "ready" ? state.accessToken : undefined;
    };
    let last = read();
    return oidc.subscribe(() => {
      const next = read();
      if (next !== undefined && next !== last) cache.get().catch(() => undefined);
      last = next;
    });
  }

  function subscribe(listener: () => void): () => void {
    const unsubscribe = cache.subscribe(listener);
    if (++listening === 1) stopWatching = watchUpstream();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      unsubscribe();
      if (--listening === 0) stopWatching();
    };
  }

  return {
    oidc,
    vaultUrl,
    mount,
    role,
    api,
    getVaultToken: cache.get,
    fetch: vaultFetch,
    readSecret: async <T>(kvMount: string, path: string, readOptions?: KvReadOptions) =>
      processKvReadResponse<T>(await kvReadRequest(vaultFetch, kvMount, path, readOptions)),
    writeSecret: async (kvMount, path, data, writeOptions) =>
      processKvWriteResponse(await kvWriteRequest(vaultFetch, kvMount, path, data, writeOptions)),
    listSecrets: async (kvMount, path) => processKvListResponse(await kvListRequest(vaultFetch, kvMount, path)),
    revokeAll: async () => {
      mintedAfterDenial.clear();
      await cache.revokeAll();
    },
    subscribe,
    getSnapshot: cache.getSnapshot,
  };
}
