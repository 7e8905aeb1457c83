import type { ApiTokenState, OidcSnapshot, SessionState, TokenStrategy } from "./types";

function shallowEqual<T extends object>(a: T, b: Partial<T>): boolean {
  return (Object.keys(b) as (keyof T)[]).every((key) => Object.is(a[key], b[key]));
}

/** The state of an API whose token was never asked for (or was dropped at logout). */
export function idleApiTokenState(strategy: TokenStrategy, clientId: string): ApiTokenState {
  return {
    status: "idle",
    strategy,
    clientId,
    accessToken: undefined,
    expiresAt: undefined,
    scope: undefined,
    audience: undefined,
    obtainedAt: undefined,
    error: undefined,
  };
}

/** Holds the immutable snapshot; each update replaces only the parts that changed, so selectors stay stable. */
export class SnapshotStore<Api extends string> {
  private snapshot: OidcSnapshot<Api>;
  private readonly listeners = new Set<() => void>();

  constructor(initial: OidcSnapshot<Api>) {
    this.snapshot = initial;
  }

  readonly getSnapshot = (): OidcSnapshot<Api> => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setSession(patch: Partial<SessionState>): void {
    if (shallowEqual(this.snapshot.session, patch)) return;
    this.publish({ ...this.snapshot, session: { ...this.snapshot.session, ...patch } });
  }

  setApi(api: Api, patch: Partial<ApiTokenState>): void {
    const current = this.snapshot.apis[api];
    if (shallowEqual(current, patch)) return;
    this.publish({ ...this.snapshot, apis: { ...this.snapshot.apis, [api]: { ...current, ...patch } } });
  }

  private publish(next: OidcSnapshot<Api>): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
