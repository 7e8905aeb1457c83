import { OidcError } from "../errors.js";
import type { FetchFunction, OidcEnvironment } from "../platform/environment.js";
import { transientFailure } from "../protocol/http.js";
import type { TimerHandle } from "../platform/timers.js";
import { retryDelayMs } from "./renewalPolicy.js";

/**
 * The IdP's availability, shared by every API and the session: while the IdP is down, one request at a time
 * probes it on a backoff schedule, and the first answer wakes everyone waiting. N APIs in an outage cost one
 * request per retry, not N.
 */
export class RetrySchedule {
  private failures = 0;
  private downSince: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly waiters = new Set<() => void>();
  /** The failure that made the IdP count as down. */
  lastError: OidcError | undefined;

  constructor(private readonly env: Pick<OidcEnvironment, "now" | "timers" | "random" | "onResume">) {}

  /** True from a transient failure until the IdP answers again. */
  get isDown(): boolean {
    return this.downSince !== undefined;
  }

  /** The IdP answered (success or a final refusal): wake every waiter now. */
  reachable(): void {
    if (this.downSince === undefined) return;
    this.downSince = undefined;
    this.failures = 0;
    this.lastError = undefined;
    this.stopTimer();
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const retry of waiting) retry();
  }

  /** A transient failure: count it and plan the next probe. */
  unreachable(error: OidcError): void {
    const now = this.env.now();
    this.downSince ??= now;
    this.failures += 1;
    this.lastError = error;
    this.plan(retryDelayMs(this.failures, now - this.downSince, this.env.random(), error.retryAfterMs));
  }

  /** `fetch` whose every answer tells the schedule whether the IdP is up, so the protocol code stays unaware. */
  observe(fetch: FetchFunction): FetchFunction {
    return async (input, init) => {
      try {
        const response = await fetch(input, init);
        const transient = transientFailure(response, "request", this.env.now());
        if (transient) this.unreachable(transient);
        else this.reachable();
        return response;
      } catch (error) {
        this.unreachable(new OidcError("idp_unreachable", "The IdP could not be reached.", { cause: error }));
        throw error;
      }
    };
  }

  /** Run `retry` when the IdP is worth trying again; returns the cancel function. */
  whenRetryDue(retry: () => void): () => void {
    this.waiters.add(retry);
    if (this.downSince === undefined) this.plan(0);
    return () => this.waiters.delete(retry);
  }

  /** Forget every waiter and timer (the session ended). */
  clear(): void {
    this.waiters.clear();
    this.stopTimer();
  }

  private unsubscribeResume: (() => void) | undefined;

  private plan(delayMs: number): void {
    this.stopTimer();
    this.timer = this.env.timers.setTimeout(() => this.probe(), delayMs);
    // Coming back online or to the page is a good moment to try at once.
    this.unsubscribeResume = this.env.onResume(() => this.probe());
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.env.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.unsubscribeResume?.();
    this.unsubscribeResume = undefined;
  }

  /** One waiter goes first; until an answer comes, the next probe stays planned so nobody waits for good. */
  private probe(): void {
    const [first] = this.waiters;
    if (first === undefined) return this.stopTimer();
    this.waiters.delete(first);
    const now = this.env.now();
    this.plan(retryDelayMs(this.failures + 1, now - (this.downSince ?? now), this.env.random(), undefined));
    first();
  }
}
