// Fault switches of the dev IdP: an outage, a slow IdP, a failing token endpoint (or the proxy in front of
// it), sessions ended elsewhere, refresh without rotation. They act on the real oidc-provider server, so
// the kit under test meets exactly the bytes a browser would meet when a real IdP misbehaves.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProviderMiddleware } from "oidc-provider";
import type { IdpRequest } from "./idpRequestLog";
import { checkTokenEndpointFailure, failTokenRequest, type TokenEndpointFailure } from "./tokenEndpointFailure";
import { answerFaultControl, FAULT_CONTROL_PATH } from "./idpFaultControl";
import type { IdpFaultState, IdpFaultSwitches, RefreshTokenRotation } from "./idpFaultSwitches";

export type { TokenEndpointFailure } from "./tokenEndpointFailure";
export type { IdpFaultState, IdpFaultSwitches, RefreshTokenRotation } from "./idpFaultSwitches";

/** What the fault layer needs from the IdP it sits in front of. */
export interface IdpFaultOptions {
  /** The IdP's request log: failed token requests are appended to it, as oidc-provider's are. */
  log: IdpRequest[];
  /** Whether a browser on `origin` may read token responses (the IdP's CORS policy, applied to failures too). */
  allowsOrigin(origin: string): boolean;
  /** Ends sessions in the IdP's storage (see `IdpFaultSwitches.endSessions`). */
  endSessions(accountId?: string): number;
}

/** A Node HTTP request handler. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The fault layer of one dev IdP: its switches and the hooks that make them act. */
export interface IdpFaults {
  /** The switches, to hand out on the `DevIdp`. */
  switches: IdpFaultSwitches;
  /** For `rotateRefreshToken`: whether refresh tokens rotate now. */
  rotatesRefreshTokens(): boolean;
  /** oidc-provider middleware that drops `refresh_token` from refresh responses while rotation is `"none"`. */
  refreshResponseShaper: ProviderMiddleware;
  /** Wraps oidc-provider's handler in the fault layer (the server's first layer; `/__faults` is served here). */
  wrap(serve: HttpHandler): HttpHandler;
}

const HEALTHY: IdpFaultState = { reachable: true, latencyMs: 0, refreshTokenRotation: "rotate" };

function checkLatency(ms: number): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new RangeError("latency: a finite number of milliseconds, 0 or more.");
  return ms;
}

function checkRotation(mode: RefreshTokenRotation): RefreshTokenRotation {
  if (mode !== "rotate" && mode !== "none") throw new TypeError('refreshTokenRotation: "rotate" or "none".');
  return mode;
}

function pathOf(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const query = url.indexOf("?");
  return query < 0 ? url : url.slice(0, query);
}

/** Creates the fault layer of one dev IdP, every switch off. */
export function createIdpFaults(options: IdpFaultOptions): IdpFaults {
  let state: IdpFaultState = { ...HEALTHY };

  const switches: IdpFaultSwitches = {
    setReachable: (reachable) => {
      if (typeof reachable !== "boolean") throw new TypeError("reachable: a boolean.");
      state.reachable = reachable;
    },
    setLatency: (ms) => {
      state.latencyMs = checkLatency(ms);
    },
    setTokenEndpointFailure: (failure) => {
      state.tokenEndpointFailure = failure === undefined ? undefined : checkTokenEndpointFailure(failure);
    },
    setRefreshTokenRotation: (mode) => {
      state.refreshTokenRotation = checkRotation(mode);
    },
    endSessions: (accountId) => {
      if (accountId !== undefined && (typeof accountId !== "string" || accountId === "")) throw new TypeError("endSessions: an account id, or nothing for all.");
      return options.endSessions(accountId);
    },
    currentFaults: () => structuredClone(dropUndefined(state)),
    resetFaults: () => {
      state = { ...HEALTHY };
    },
  };

  // Counted synchronously as each request is let through, so of N+1 concurrent requests with `times: N` exactly one passes.
  function takeTokenFailure(): TokenEndpointFailure | undefined {
    const failure = state.tokenEndpointFailure;
    if (!failure) return undefined;
    if (failure.times !== undefined) {
      state.tokenEndpointFailure = failure.times > 1 ? { ...failure, times: failure.times - 1 } : undefined;
    }
    return failure;
  }

  const wrap =
    (serve: HttpHandler): HttpHandler =>
    (req, res) => {
      if (pathOf(req) === FAULT_CONTROL_PATH) {
        void answerFaultControl(req, res, switches);
        return;
      }
      const proceed = () => {
        // The client gave up (or the server closed) while the request was held back.
        if (res.destroyed) return;
        if (!state.reachable) {
          req.socket.destroy();
          return;
        }
        const failure = req.method === "POST" && pathOf(req) === "/token" ? takeTokenFailure() : undefined;
        if (failure) void failTokenRequest(req, res, failure, options);
        else serve(req, res);
      };
      // An unreachable IdP drops the connection at once; a slow one is slow before it fails or answers.
      if (state.reachable && state.latencyMs > 0) setTimeout(proceed, state.latencyMs);
      else proceed();
    };

  const refreshResponseShaper: ProviderMiddleware = async (ctx, next) => {
    await next();
    if (state.refreshTokenRotation !== "none" || ctx.method !== "POST" || ctx.path !== "/token") return;
    if (ctx.oidc?.body?.grant_type !== "refresh_token") return;
    // With rotation off oidc-provider still echoes the redeemed token; a provider that does not rotate sends none.
    const body = ctx.body;
    if (typeof body === "object" && body !== null && "refresh_token" in body) {
      const { refresh_token: _echoed, ...rest } = body;
      ctx.body = rest;
    }
  };

  return {
    switches,
    rotatesRefreshTokens: () => state.refreshTokenRotation === "rotate",
    refreshResponseShaper,
    wrap,
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
