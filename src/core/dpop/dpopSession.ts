import { OidcError } from "../errors.js";
import type { OidcEnvironment } from "../platform/environment.js";
import type { DpopProofRequest, ResolvedOidcConfig } from "../types.js";
import { DpopKeyRing } from "./keyRing.js";
import { defaultDpopKeys } from "./keyStore.js";
import { NonceMemory } from "./nonceMemory.js";
import { createProof } from "./proof.js";
import { proveTokenRequests } from "./tokenEndpointProofs.js";

/** The DPoP side of one instance; loaded (dynamic `import()`) only when a client has `dpop: true`. */
export interface DpopSession {
  /** The IdP's fetch with proofs on the token requests of DPoP clients. */
  fetch: OidcEnvironment["fetch"];
  /** The `dpop_jkt` of an authorization request of `clientId`; `undefined` for a client without DPoP. */
  jkt(clientId: string): Promise<string | undefined>;
  /** A proof for a request to the API `api`; `undefined` when its client has no DPoP. */
  proof(api: string, request: DpopProofRequest): Promise<string | undefined>;
  /** Drops the keys and nonces (the session ended); `fromStore` deletes the keys from the store too. */
  discard(fromStore: boolean): Promise<void>;
}

/** What the DPoP side needs from the instance. */
export interface DpopSessionDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "fetch" | "now" | "withLock" | "dpopKeys">;
  /** Prefix of lock and key names (the instance's issuer). */
  prefix: string;
}

function invalid(api: string, why: string): never {
  throw new OidcError("dpop_failed", `No DPoP proof for "${api}": ${why}.`, { api });
}

/** Creates the DPoP side of an instance: keys per client id, nonces per origin, proofs at the token endpoint. */
export function createDpopSession({ config, env, prefix }: DpopSessionDeps): DpopSession {
  // Keys and refresh tokens belong to the OAuth client: one entry with dpop makes every entry of its clientId DPoP.
  const clientIds = [...new Set(Object.values(config.clients).filter((c) => c.dpop).map((c) => c.clientId))];
  const ring = new DpopKeyRing(env.dpopKeys?.() ?? defaultDpopKeys(), env.withLock, prefix);
  const nonces = new NonceMemory();
  const keyOf = (clientId: string) => (clientIds.includes(clientId) ? ring.get(clientId) : undefined);
  return {
    fetch: proveTokenRequests({ send: env.fetch, keyOf, nonces, now: env.now }),
    jkt: async (clientId) => (await keyOf(clientId))?.jkt,
    async proof(api, request) {
      const client = Object.hasOwn(config.clients, api) ? config.clients[api] : undefined;
      if (client === undefined || !clientIds.includes(client.clientId)) return undefined;
      if (typeof request !== "object" || request === null) invalid(api, "pass { method, url }");
      const { method, url, accessToken, nonce } = request;
      if (typeof method !== "string" || typeof url !== "string" || !URL.canParse(url)) invalid(api, "method and url must be strings, url an absolute URL");
      if (accessToken !== undefined && typeof accessToken !== "string") invalid(api, "accessToken must be a string");
      if (nonce !== undefined && typeof nonce !== "string") invalid(api, "nonce must be a string");
      if (nonce !== undefined) nonces.set(url, nonce);
      const key = await ring.get(client.clientId);
      try {
        return await createProof(key, { method, url, nowMs: env.now(), nonce: nonces.get(url), accessToken });
      } catch (cause) {
        if (cause instanceof TypeError) invalid(api, cause.message);
        throw cause;
      }
    },
    discard: async (fromStore) => {
      nonces.clear();
      await ring.discard(clientIds, fromStore);
    },
  };
}
