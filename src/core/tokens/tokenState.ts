import type { OidcError } from "../errors.js";
import type { ApiTokenState, TokenStrategy } from "../types.js";
import type { TokenSet } from "./tokenSet.js";

/** What a token machine knows about its API: the only source of that API's public state. */
export type TokenMachineState =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ready"; set: TokenSet; audience: string[] | undefined; error: OidcError | undefined }
  | { status: "error"; error: OidcError };

/** Everything that can happen to an API's token, each change named. */
export type TokenAction =
  /** A network acquisition starts. A valid token stays `ready` meanwhile. */
  | { type: "acquire" }
  /** A token arrived (acquisition, redirect chain, restored storage). */
  | { type: "acquired"; set: TokenSet; audience: string[] | undefined }
  /** The acquisition failed; a still-valid token stays `ready` with the error. */
  | { type: "failed"; error: OidcError; now: number }
  /** The token's expiry passed; `acquiring` says whether a renewal is under way. */
  | { type: "expired"; acquiring: boolean }
  /** The session ended: no token, no error. */
  | { type: "reset" };

/** The one transition function of a token machine. */
export function transition(state: TokenMachineState, action: TokenAction): TokenMachineState {
  switch (action.type) {
    case "acquire":
      return state.status === "ready" ? state : { status: "loading" };
    case "acquired":
      return { status: "ready", set: action.set, audience: action.audience, error: undefined };
    case "failed":
      return state.status === "ready" && action.now < state.set.expiresAt
        ? { ...state, error: action.error }
        : { status: "error", error: action.error };
    case "expired":
      if (state.status !== "ready") return state;
      if (state.error) return { status: "error", error: state.error };
      return action.acquiring ? { status: "loading" } : { status: "idle" };
    case "reset":
      return { status: "idle" };
  }
}

/** The state of an API whose token was never asked for (or was dropped when the session ended). */
export function idleApiTokenState(strategy: TokenStrategy, clientId: string): ApiTokenState {
  return apiTokenStateOf({ status: "idle" }, strategy, clientId);
}

/** The public, immutable view of a machine state: one shape for every status, token fields `undefined` without a token. */
export function apiTokenStateOf(state: TokenMachineState, strategy: TokenStrategy, clientId: string): ApiTokenState {
  const ready = state.status === "ready" ? state : undefined;
  const set = ready?.set;
  return {
    strategy,
    clientId,
    status: state.status,
    accessToken: set?.accessToken,
    tokenType: set?.tokenType,
    expiresAt: set?.expiresAt,
    scope: set?.scope,
    audience: ready?.audience,
    obtainedAt: set?.obtainedAt,
    error: "error" in state ? state.error : undefined,
  } as ApiTokenState;
}
