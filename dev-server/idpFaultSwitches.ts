// The dev IdP's fault switches: what they are, apart from how the IdP plays them (idpFaults.ts) and how another
// process flips them (idpFaultControl.ts).
import type { TokenEndpointFailure } from "./tokenEndpointFailure";

/** How the refresh_token grant treats the refresh token it redeems. */
export type RefreshTokenRotation =
  /** A new refresh token in every refresh response; the redeemed one is spent (reuse revokes the grant). */
  | "rotate"
  /** No `refresh_token` in refresh responses at all (RFC 6749 §6); the redeemed one stays valid. */
  | "none";

/** The switches' current values, as `currentFaults()` and `GET /__faults` report them. */
export interface IdpFaultState {
  /** `false` while every connection is dropped. */
  reachable: boolean;
  /** Delay added before every request is served, ms. */
  latencyMs: number;
  /** The token endpoint failure in force (`times` = failures left), if any. */
  tokenEndpointFailure?: TokenEndpointFailure;
  /** Refresh token rotation mode. */
  refreshTokenRotation: RefreshTokenRotation;
}

/** Fault switches of the dev IdP; every `DevIdp` has them. They all start off ("healthy"). */
export interface IdpFaultSwitches {
  /** Play an outage: while `false`, every connection is dropped without an answer (the client sees a network
   *  error); sessions and grants survive. `POST /__faults` still answers, so another process can switch back. */
  setReachable(reachable: boolean): void;
  /** Play a slow IdP: every request waits `ms` milliseconds before it is served (0, the default, for none). */
  setLatency(ms: number): void;
  /** While set, `POST /token` answers with this failure instead of reaching oidc-provider (logged in `requests`
   *  with its status); `undefined` clears it. With `times`, it clears itself after that many token requests. */
  setTokenEndpointFailure(failure: TokenEndpointFailure | undefined): void;
  /** `"rotate"` (default): a new refresh token per refresh. `"none"`: refresh responses carry no `refresh_token`
   *  and the redeemed one stays valid (Glewlwyd, LemonLDAP::NG, Auth0 without rotation). */
  setRefreshTokenRotation(mode: RefreshTokenRotation): void;
  /** End the IdP sessions of `accountId` (of everyone when omitted) server side, as an admin or a logout elsewhere
   *  would: `prompt=none` then answers `login_required` and the grants die with their refresh tokens
   *  (`invalid_grant`). Returns how many signed-in sessions were ended. */
  endSessions(accountId?: string): number;
  /** The switches' current values. */
  currentFaults(): IdpFaultState;
  /** Switch every fault off: reachable, no latency, no token failure, rotation `"rotate"`. */
  resetFaults(): void;
}
