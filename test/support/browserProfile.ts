import type { TabChannel } from "../../src/core/session/crossTab";
import { createUserAgent, type UserAgent } from "./userAgent";

let profiles = 0;

/**
 * One browser profile played in Node: tabs share its cookies (one user agent), a `BroadcastChannel` namespace and its
 * Web Locks for leadership, as the tabs of one browser do; another profile hears nothing of them.
 */
export class BrowserProfile {
  readonly agent: UserAgent = createUserAgent();
  private readonly namespace = `profile-${++profiles}-${Math.random().toString(36).slice(2)}`;
  private readonly queues = new Map<string, { tab: string; onLeader: () => void }[]>();
  private readonly channels = new Map<string, TabChannel[]>();

  /** A channel of `tab` to the profile's other tabs. */
  openChannel(tab: string, name: string): TabChannel {
    const channel = new BroadcastChannel(`${this.namespace}:${name}`) as unknown as TabChannel;
    this.channels.set(tab, [...(this.channels.get(tab) ?? []), channel]);
    return channel;
  }

  /** Web Locks' `request(name, () => never)`: the first tab in line holds it until it closes. */
  lead(tab: string, name: string, onLeader: () => void): void {
    const queue = this.queues.get(name) ?? [];
    this.queues.set(name, [...queue, { tab, onLeader }]);
    if (queue.length === 0) onLeader();
  }

  /** Closes `tab`: its channels go quiet and the locks it held pass to the next tab in line. */
  close(tab: string): void {
    for (const channel of this.channels.get(tab) ?? []) channel.close();
    this.channels.delete(tab);
    for (const [name, queue] of this.queues) {
      const wasLeader = queue[0]?.tab === tab;
      const rest = queue.filter((entry) => entry.tab !== tab);
      this.queues.set(name, rest);
      if (wasLeader) rest[0]?.onLeader();
    }
  }
}
