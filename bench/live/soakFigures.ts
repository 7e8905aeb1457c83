// The soak's figures for one library, computed from what its browser sent to the IdP, what its own servers
// logged and what its page recorded, all within one time window.
import type { IdpCall } from "./idpTraffic";
import { LIVE_APIS, type ProbeData } from "./probeData";
import type { LiveLibrary } from "./world";

/** `/token` (and `/auth`) requests of one API in the window. */
export interface TokenRate {
  token: number;
  auth: number;
  /** Most `/token` requests in one 10-s bin (bins start at the window's start). */
  maxPer10s: number;
  /** `/token` requests per 10 s over the window. */
  meanPer10s: number;
  /** Shortest time between two `/token` requests, s (n/a with fewer than two). */
  minGapSeconds: number;
}

/** Renders of the component that uses one API. */
export interface ComponentRenders {
  total: number;
  /** Renders that saw a new token of its own API. */
  withNewToken: number;
  /** Renders that did not (caused by something else: other APIs' renewals, the session, its own state). */
  withoutNewToken: number;
  /** Renewals of its API seen by the page (token changes). */
  renewals: number;
}

/** Every soak figure of one library. */
export interface SoakFigures {
  library: string;
  windowSeconds: number;
  /** 401s answered by the todos and files APIs, 4xx/5xx by Vault (logins and reads). */
  api401: Record<"todos" | "files", number>;
  vaultErrors: number;
  /** Polls that got no 200, by API (no token, network error, or a non-200 answer). */
  failedPolls: Record<string, number>;
  polls: number;
  skippedPolls: number;
  /** By API: "todos", "files", "vault", and "app" (our login client's own token) when it had any. */
  rates: Record<string, TokenRate>;
  vaultLogins: number;
  /** New upstream (OIDC) tokens of the Vault client seen by the page. */
  vaultUpstreamRenewals: number;
  renders: Record<string, ComponentRenders>;
  pageRenders: number;
  totalRenders: number;
  idpRequests: number;
  idpRequestsByPath: Record<string, number>;
  pageErrors: number;
  sessionChanges: string[];
}

const inWindow = (at: number, start: number, end: number) => at >= start && at <= end;

function rateOf(calls: IdpCall[], api: string, start: number, end: number): TokenRate {
  const tokens = calls.filter((c) => c.api === api && c.path === "/token").map((c) => c.at);
  const bins = new Array<number>(Math.max(1, Math.ceil((end - start) / 10_000))).fill(0);
  for (const at of tokens) {
    const bin = Math.min(bins.length - 1, Math.floor((at - start) / 10_000));
    bins[bin] = (bins[bin] ?? 0) + 1;
  }
  const gaps = tokens.slice(1).map((at, i) => at - (tokens[i] ?? at));
  return {
    token: tokens.length,
    auth: calls.filter((c) => c.api === api && c.path === "/auth").length,
    maxPer10s: Math.max(...bins),
    meanPer10s: tokens.length / ((end - start) / 10_000),
    minGapSeconds: gaps.length > 0 ? Math.min(...gaps) / 1000 : Number.NaN,
  };
}

/** The soak figures of `library` over [start, end]. */
export function soakFigures(
  library: LiveLibrary,
  allCalls: IdpCall[],
  probe: ProbeData,
  pageErrors: { at: number }[],
  start: number,
  end: number,
): SoakFigures {
  const calls = allCalls.filter((c) => inWindow(c.at, start, end));
  const polls = probe.polls.filter((p) => inWindow(p.startedAt, start, end));
  const apis: string[] = [...LIVE_APIS];
  if (calls.some((c) => c.api === "app")) apis.push("app");
  const renewals = (key: string) => (probe.tokens[key] ?? []).filter((t) => inWindow(t.at, start, end)).length;
  const renders: Record<string, ComponentRenders> = {};
  for (const api of LIVE_APIS) {
    const count = probe.renders[api] ?? { total: 0, withNewToken: 0 };
    renders[api] = { total: count.total, withNewToken: count.withNewToken, withoutNewToken: count.total - count.withNewToken, renewals: renewals(api) };
  }
  const pageRenders = probe.renders.page?.total ?? 0;
  const vaultLog = library.vault.log.filter((e) => inWindow(e.at, start, end));
  const byPath: Record<string, number> = {};
  for (const call of calls) byPath[call.path] = (byPath[call.path] ?? 0) + 1;
  return {
    library: library.name,
    windowSeconds: (end - start) / 1000,
    api401: {
      todos: library.todos.log.filter((e) => inWindow(e.at, start, end) && e.status === 401).length,
      files: library.files.log.filter((e) => inWindow(e.at, start, end) && e.status === 401).length,
    },
    vaultErrors: vaultLog.filter((e) => e.status >= 400).length,
    failedPolls: Object.fromEntries(LIVE_APIS.map((api) => [api, polls.filter((p) => p.api === api && p.status !== 200).length])),
    polls: polls.length,
    skippedPolls: Object.values(probe.skippedPolls).reduce((a, b) => a + b, 0),
    rates: Object.fromEntries(apis.map((api) => [api, rateOf(calls, api, start, end)])),
    vaultLogins: vaultLog.filter((e) => e.method !== "OPTIONS" && e.path.includes("/auth/jwt/login")).length,
    vaultUpstreamRenewals: renewals("vault-oidc"),
    renders,
    pageRenders,
    totalRenders: pageRenders + Object.values(renders).reduce((sum, r) => sum + r.total, 0),
    idpRequests: calls.length,
    idpRequestsByPath: byPath,
    pageErrors: pageErrors.filter((e) => inWindow(e.at, start, end)).length,
    sessionChanges: probe.session.filter((s) => inWindow(s.at, start, end)).map((s) => s.status),
  };
}
