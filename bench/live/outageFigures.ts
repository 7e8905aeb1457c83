// The figures of one outage for one library: IdP requests while it lasted, how long after it ended every API
// was ready and answering again, and whether the session survived without the user doing anything.
import type { IdpCall } from "./idpTraffic";
import { LIVE_APIS, type ProbeData, type StatusChange } from "./probeData";

/** What happened to one library around one outage. */
export interface OutageFigures {
  library: string;
  /** Requests the browser sent to the IdP between outage start and end, and by path. */
  requestsDuring: number;
  requestsDuringByPath: Record<string, number>;
  /** Seconds from outage end to the first IdP request (n/a if none within the wait). */
  firstRequestAfterSeconds: number;
  /** Seconds from outage end until every API's token status was `ready` (ours only: the kit's own statuses). */
  statusReadySeconds: number;
  /** Seconds from outage end until every API had answered 200 to a call started after the end (both). */
  answeringSeconds: number;
  /** Same, by API. */
  answeringSecondsByApi: Record<string, number>;
  /** No `loggedOut` session, no navigation away from the app, logged in at the end: all without user action. */
  sessionSurvived: boolean;
  /** Session statuses seen from outage start to the end of the wait. */
  sessionStatuses: string[];
  /** Full-page navigations the library made by itself (reload, redirect to the IdP, error page) during the scenario. */
  navigationsAway: string[];
  /** Poll errors seen during the scenario, by code (first few kinds). */
  pollErrors: Record<string, number>;
  /** What the driver had to do afterwards to get the page back for the next scenario ("none", "reload", "log in"). */
  userActionNeeded: string;
}

/** The status at `at`: the last change at or before it (undefined if none). */
function statusAt(changes: StatusChange[], at: number): string | undefined {
  let status: string | undefined;
  for (const change of changes) if (change.at <= at) status = change.status;
  return status;
}

/** When `changes` is `ready` at or after `from`: `from` itself if ready then, else the first change to ready. */
function readyFrom(changes: StatusChange[], from: number): number {
  if (statusAt(changes, from) === "ready") return from;
  return changes.find((c) => c.at > from && c.status === "ready")?.at ?? Number.NaN;
}

const maxOf = (values: number[]) => (values.some((v) => Number.isNaN(v)) ? Number.NaN : Math.max(...values));

/** Figures of one library for an outage from `start` to `end`, observed until `until`. */
export function outageFigures(options: {
  library: string;
  kind: "ours" | "oidc-spa";
  calls: IdpCall[];
  probe: ProbeData;
  navigationsAway: { at: number; url: string }[];
  start: number;
  end: number;
  until: number;
  userActionNeeded: string;
}): OutageFigures {
  const { calls, probe, start, end, until } = options;
  const during = calls.filter((c) => c.at >= start && c.at <= end);
  const byPath: Record<string, number> = {};
  for (const call of during) byPath[call.path] = (byPath[call.path] ?? 0) + 1;
  const firstAfter = calls.find((c) => c.at > end);
  const answering = Object.fromEntries(
    LIVE_APIS.map((api) => {
      const ok = probe.polls.filter((p) => p.api === api && p.startedAt >= end && p.status === 200).map((p) => p.endedAt);
      return [api, ok.length > 0 ? (Math.min(...ok) - end) / 1000 : Number.NaN];
    }),
  );
  const statusReady =
    options.kind === "ours" ? (maxOf(LIVE_APIS.map((api) => readyFrom(probe.statuses[api] ?? [], end))) - end) / 1000 : Number.NaN;
  const sessionWindow = probe.session.filter((s) => s.at >= start && s.at <= until).map((s) => s.status);
  const sessionBefore = statusAt(probe.session, start);
  const statuses = sessionBefore ? [sessionBefore, ...sessionWindow] : sessionWindow;
  const away = options.navigationsAway.filter((n) => n.at >= start && n.at <= until).map((n) => n.url);
  const pollErrors: Record<string, number> = {};
  for (const poll of probe.polls) {
    if (poll.startedAt < start || poll.startedAt > until || poll.status === 200) continue;
    const key = poll.error ?? `HTTP ${poll.status}`;
    pollErrors[key] = (pollErrors[key] ?? 0) + 1;
  }
  return {
    library: options.library,
    requestsDuring: during.length,
    requestsDuringByPath: byPath,
    firstRequestAfterSeconds: firstAfter && firstAfter.at <= until ? (firstAfter.at - end) / 1000 : Number.NaN,
    statusReadySeconds: statusReady,
    answeringSeconds: maxOf(Object.values(answering)),
    answeringSecondsByApi: answering,
    sessionSurvived:
      !statuses.includes("loggedOut") && away.length === 0 && statusAt(probe.session, until) === "loggedIn" && options.userActionNeeded === "none",
    sessionStatuses: statuses,
    navigationsAway: away,
    pollErrors,
    userActionNeeded: options.userActionNeeded,
  };
}
