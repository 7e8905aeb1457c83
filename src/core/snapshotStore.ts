import type { ApiTokenState, OidcSnapshot, SessionState } from "./types.js";

function shallowEqual<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * Holds the immutable snapshot; each update replaces only the parts that changed, so selectors stay stable,
 * and a batch of updates (a session ending, a redirect chain finishing) reaches listeners as one change.
 */
export class SnapshotStore<Api extends string> {
  private snapshot: OidcSnapshot<Api>;
  private readonly listeners = new Set<() => void>();
  private batchDepth = 0;
  private dirty = false;

  constructor(initial: OidcSnapshot<Api>) {
    this.snapshot = initial;
  }

  readonly getSnapshot = (): OidcSnapshot<Api> => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setSession(next: SessionState): void {
    if (shallowEqual(this.snapshot.session, next)) return;
    this.publish({ ...this.snapshot, session: next });
  }

  setApi(api: Api, next: ApiTokenState): void {
    if (shallowEqual(this.snapshot.apis[api], next)) return;
    this.publish({ ...this.snapshot, apis: { ...this.snapshot.apis, [api]: next } });
  }

  /** Runs `updates` and notifies listeners once at the end. */
  batch(updates: () => void): void {
    this.batchDepth += 1;
    try {
      updates();
    } finally {
      this.batchDepth -= 1;
      if (this.batchDepth === 0 && this.dirty) this.notify();
    }
  }

  private publish(next: OidcSnapshot<Api>): void {
    this.snapshot = next;
    if (this.batchDepth > 0) this.dirty = true;
    else this.notify();
  }

  private notify(): void {
    this.dirty = false;
    for (const listener of [...this.listeners]) listener();
  }
}
