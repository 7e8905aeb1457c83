import { isTransientError, OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
import type { OidcEnvironment } from "../platform/environment.js";
import type { TimerHandle } from "../platform/timers.js";
import type { ApiTokenState, ResolvedApiClient } from "../types.js";
import { renewAt, type RenewalPolicy } from "./renewalPolicy.js";
import type { RetrySchedule } from "./retrySchedule.js";
import { apiTokenStateOf, transition, type TokenAction, type TokenMachineState } from "./tokenState.js";
import type { TokenSet } from "./tokenSet.js";

/** What a token machine needs from the instance around it. */
export interface TokenMachineDeps {
  unit: ResolvedApiClient;
  env: Pick<OidcEnvironment, "now" | "timers" | "warn">;
  policy: RenewalPolicy;
  schedule: RetrySchedule;
  /** One network acquisition of this API's token (refresh grant, silent iframe, or a redirect hop that never returns). */
  acquire(returnTo: string | undefined): Promise<TokenSet>;
  /** False when a renewal would leave the page (a redirect hop): that is never started behind the user's back. */
  canRenewInBackground(): boolean;
  /** The token's `aud` once it is right for this API; throws `audience_mismatch` otherwise. */
  checkAudience(set: TokenSet): string[] | undefined;
  /** Publishes the public state of this API. */
  publish(state: ApiTokenState): void;
  /** A token was accepted (persist it, update the user...). */
  onAccepted(set: TokenSet): void;
  /** A final failure that ends more than this API (`login_required`): the instance decides. */
  onFinalFailure(error: OidcError): void;
}

const asOidcError = (error: unknown, api: string): OidcError =>
  error instanceof OidcError
    ? error
    : new OidcError("internal_error", `Getting the "${api}" token failed unexpectedly: ${String(error)}`, { cause: error, api });

/**
 * One API's token: the only writer of its state. Single flight, a floor between network acquisitions,
 * renewal at `expiresAt − min(margin, lifetime / 2)`, expiry, IdP-wide retry after transient failures, and an
 * epoch so nothing started before the session ended can write after it.
 */
export class TokenMachine {
  private state: TokenMachineState = { status: "idle" };
  private flight: Promise<string> | undefined;
  private epoch = 0;
  private lastNetworkAt = Number.NEGATIVE_INFINITY;
  private timer: TimerHandle | undefined;
  private cancelRetry: (() => void) | undefined;
  private warned?: boolean;
  /** Someone reads this token (a component, a loader): it is kept fresh. */
  inUse = false;

  constructor(private readonly deps: TokenMachineDeps) {}

  /** The current token set, when one is held. */
  get tokenSet(): TokenSet | undefined {
    return this.state.status === "ready" ? this.state.set : undefined;
  }

  /** A valid access token: cached, shared with an acquisition under way, or a new acquisition. */
  get(forceRefresh: boolean, returnTo?: string): Promise<string> {
    this.inUse = true;
    const state = this.state;
    const now = this.deps.env.now();
    if (!forceRefresh && state.status === "ready" && now < state.set.expiresAt) {
      // Inside the renewal window a still-valid token is served while the renewal runs in the background.
      if (now >= renewAt(state.set, this.deps.policy.marginMs)) this.renewInBackground();
      else this.reschedule();
      return Promise.resolve(state.set.accessToken);
    }
    if (this.flight) return this.flight;
    if (this.deps.schedule.isDown && !forceRefresh) {
      // The IdP is down: wait for the shared retry rather than adding a request to the outage.
      const error = this.deps.schedule.lastError ?? new OidcError("idp_unreachable", "The IdP is unreachable.", { api: this.deps.unit.name });
      this.fail(error);
      return Promise.reject(error);
    }
    return this.run(false, returnTo);
  }

  /** Takes a token that arrived outside `get` (a redirect chain, restored storage); a wrong audience becomes this API's error. */
  accept(set: TokenSet): void {
    try {
      this.adopt(set, this.epoch);
    } catch (error) {
      this.fail(asOidcError(error, this.deps.unit.name));
    }
  }

  /** The session ended: no token, no timer, no retry; anything under way is discarded when it lands. */
  reset(): void {
    this.epoch += 1;
    this.inUse = false;
    this.stopTimers();
    this.dispatch({ type: "reset" });
  }

  /** Starts an acquisition; a retry the shared schedule wakes is already paced by its backoff, so it skips the floor. */
  private run(retry = false, returnTo?: string): Promise<string> {
    const epoch = this.epoch;
    this.dispatch({ type: "acquire" });
    const flight = this.acquireAfterFloor(epoch, retry, returnTo);
    this.flight = flight;
    const settle = () => {
      if (this.flight === flight) this.flight = undefined;
      if (epoch === this.epoch) this.reschedule();
    };
    flight.then(settle, settle);
    this.reschedule();
    return flight;
  }

  private async acquireAfterFloor(epoch: number, retry: boolean, returnTo: string | undefined): Promise<string> {
    const wait = retry ? 0 : this.lastNetworkAt + this.deps.policy.floorMs - this.deps.env.now();
    if (wait > 0) await new Promise<void>((resolve) => this.deps.env.timers.setTimeout(resolve, wait));
    const loggedOut = () => new OidcError("logged_out", DEV ? "The session ended while the token was fetched." : "Logged out.", { api: this.deps.unit.name });
    if (epoch !== this.epoch) throw loggedOut();
    this.lastNetworkAt = this.deps.env.now();
    try {
      const set = await this.deps.acquire(returnTo);
      if (epoch !== this.epoch) throw loggedOut();
      this.adopt(set, epoch);
      return set.accessToken;
    } catch (raw) {
      const error = asOidcError(raw, this.deps.unit.name);
      if (epoch === this.epoch) this.fail(error);
      throw error;
    }
  }

  private adopt(set: TokenSet, epoch: number): void {
    const audience = this.deps.checkAudience(set);
    if (epoch !== this.epoch) return;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    // A token living less than the margin is renewed at half its life: worth telling the developer, once.
    if (DEV && !this.warned && set.expiresAt - set.obtainedAt < this.deps.policy.marginMs) {
      this.warned = true;
      this.deps.env.warn(
        `react-oidc-apis: the "${this.deps.unit.name}" token lives ${Math.round((set.expiresAt - set.obtainedAt) / 1000)} s, less than ` +
          `renewBeforeExpirySeconds (${this.deps.policy.marginMs / 1000} s): it is renewed at half its lifetime. Lower renewBeforeExpirySeconds ` +
          `or give the token a longer lifetime at the IdP.`,
      );
    }
    this.dispatch({ type: "acquired", set, audience });
    this.deps.onAccepted(set);
    this.reschedule();
  }

  private fail(error: OidcError): void {
    this.dispatch({ type: "failed", error, now: this.deps.env.now() });
    if (isTransientError(error)) {
      if (!this.deps.schedule.isDown) this.deps.schedule.unreachable(error);
      if (this.inUse && !this.cancelRetry) {
        this.cancelRetry = this.deps.schedule.whenRetryDue(() => {
          this.cancelRetry = undefined;
          if (this.inUse && !this.flight) this.run(true).catch(() => undefined);
        });
      }
    } else if (error.code === "login_required" || (error.code === "interaction_required" && this.deps.unit.strategy === "login")) {
      this.deps.onFinalFailure(error);
    }
  }

  private renewInBackground(): void {
    if (this.flight || this.cancelRetry || !this.deps.canRenewInBackground()) return this.reschedule();
    this.run().catch(() => undefined);
  }

  /** One timer: the renewal when it is due and nothing is under way, else the expiry. */
  private reschedule(): void {
    if (this.timer !== undefined) this.deps.env.timers.clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.state;
    if (state.status !== "ready") return;
    const now = this.deps.env.now();
    const renewal = renewAt(state.set, this.deps.policy.marginMs);
    const renewDue = this.inUse && !this.flight && !this.cancelRetry && this.deps.canRenewInBackground();
    if (renewDue && now < renewal) {
      this.timer = this.deps.env.timers.setTimeout(() => this.renewInBackground(), renewal - now);
    } else if (renewDue) {
      this.renewInBackground();
    } else {
      this.timer = this.deps.env.timers.setTimeout(() => this.expire(), state.set.expiresAt - now);
    }
  }

  private expire(): void {
    this.timer = undefined;
    if (this.state.status === "ready" && this.deps.env.now() < this.state.set.expiresAt) return this.reschedule();
    this.dispatch({ type: "expired", acquiring: this.flight !== undefined });
  }

  private stopTimers(): void {
    if (this.timer !== undefined) this.deps.env.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.cancelRetry?.();
    this.cancelRetry = undefined;
  }

  private dispatch(action: TokenAction): void {
    const next = transition(this.state, action);
    if (next === this.state) return;
    this.state = next;
    this.deps.publish(apiTokenStateOf(next, this.deps.unit.strategy, this.deps.unit.clientId));
  }
}
