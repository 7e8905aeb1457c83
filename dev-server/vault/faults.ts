// A fault switch of the dev Vault: answer some requests with a failure instead of serving them, as a sealed Vault, a
// standby node or a proxy in front of Vault would. The client under test meets the same bytes it would meet then.
import { vaultErrors, type VaultReply } from "./http";

/** A failure the dev Vault plays instead of answering. */
export interface DevVaultFailure {
  /** Status to answer: a 5xx or 429 (sealed, standby, rate-limited) or a 3xx redirect. */
  status: number;
  /** For a 3xx: the origin (or URL prefix) to send the client to; the request's path and query are appended. */
  location?: string;
  /** Only requests whose path after `/v1/` starts with this (e.g. `"auth/jwt/login"`). Default: every `/v1/` path. */
  pathPrefix?: string;
  /** Clears itself after this many answers. Default: until cleared. */
  times?: number;
  /** Vault's `errors` for a 5xx or 429. Default: `["Vault is sealed"]`. */
  errors?: string[];
  /** `Retry-After` header, in seconds, when given. */
  retryAfterSeconds?: number;
}

/** The switch and what the server asks it. */
export interface VaultFaults {
  /** Sets the failure to play (`undefined` clears it). */
  set(failure: DevVaultFailure | undefined): void;
  /** The failure in force (`times` = answers left), if any. */
  current(): DevVaultFailure | undefined;
  /** The failure reply for a request (`path` after `/v1/`, `rawUrl` as received), or undefined to serve it. */
  take(path: string, rawUrl: string): VaultReply | undefined;
}

/** A fault switch, off. */
export function createVaultFaults(): VaultFaults {
  let failure: DevVaultFailure | undefined;
  return {
    set(next) {
      if (next && !(Number.isInteger(next.status) && next.status >= 300 && next.status <= 599)) {
        throw new Error(`DevVaultFailure.status must be a 3xx, 4xx or 5xx status; got ${next.status}.`);
      }
      if (next && next.status < 400 && !next.location) throw new Error("A 3xx DevVaultFailure needs a location.");
      failure = next ? { ...next } : undefined;
    },
    current: () => (failure ? { ...failure } : undefined),
    take(path, rawUrl) {
      if (!failure || !path.startsWith(failure.pathPrefix ?? "")) return undefined;
      const playing = failure;
      if (playing.times !== undefined && --playing.times <= 0) failure = undefined;
      if (playing.status < 400) {
        return { status: playing.status, headers: { Location: `${playing.location?.replace(/\/+$/, "")}${rawUrl}` } };
      }
      const reply = vaultErrors(playing.status, ...(playing.errors ?? ["Vault is sealed"]));
      return playing.retryAfterSeconds === undefined ? reply : { ...reply, headers: { "Retry-After": String(playing.retryAfterSeconds) } };
    },
  };
}
