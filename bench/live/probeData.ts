// What a live bench page records about itself (window.benchProbe), read by the Node driver with
// page.evaluate. Plain JSON: timestamps are Date.now() of the page, which runs on the driver's machine.

/** Renders of one counted component since the last reset. */
export interface RenderCount {
  /** Every render. */
  total: number;
  /** Renders that saw a token of its own API different from the one of its previous render. */
  withNewToken: number;
}

/** One poll of an API by the page. */
export interface PollRecord {
  /** Which API was called. */
  api: string;
  /** When the poll began (token asked for). */
  startedAt: number;
  /** When the API answered or the poll failed. */
  endedAt: number;
  /** HTTP status of the API call; 0 when no call was made (no token, or a network error). */
  status: number;
  /** Why there was no call: an error code or message. */
  error?: string;
}

/** A change of a status the page observes (a session, an API token). */
export interface StatusChange {
  /** When it was observed. */
  at: number;
  /** The new status. */
  status: string;
}

/** A new token value observed for one API (its first one, then each renewal). */
export interface TokenChange {
  /** When it was observed. */
  at: number;
  /** The last characters of the token: enough to tell tokens apart, too few to be a token. */
  tail: string;
}

/** Everything a page recorded since the last reset. */
export interface ProbeData {
  /** When the page was loaded or the probe last reset. */
  since: number;
  /** Render counts by component name. */
  renders: Record<string, RenderCount>;
  /** Token changes by API (`vault-oidc` is the upstream OIDC token Vault logs in with). */
  tokens: Record<string, TokenChange[]>;
  /** Status changes by API (the kit's token status; for oidc-spa, the page's poll outcome). */
  statuses: Record<string, StatusChange[]>;
  /** Session status changes (`loggedIn`, `loggedOut`, `error`, `initializing`). */
  session: StatusChange[];
  /** Every poll, oldest first. */
  polls: PollRecord[];
  /** Polls not started because the previous one of that API was still running. */
  skippedPolls: Record<string, number>;
}

/** What both live pages read at `/e2e-config.json`, besides their library's own settings. */
export interface LivePageCommon {
  /** Base URL of the todos sample API (dedicated client). */
  todosUrl: string;
  /** Base URL of the files sample API (RFC 8707 resource). */
  filesUrl: string;
  /** Vault's base URL (this library's own dev Vault). */
  vaultUrl: string;
  /** Vault JWT role. */
  vaultRole: string;
  /** How often each API is called, ms. */
  pollMs: number;
}

/** The APIs every live page calls, by the name the bench reports them under. */
export const LIVE_APIS = ["todos", "files", "vault"] as const;

/** One of `LIVE_APIS`. */
export type LiveApi = (typeof LIVE_APIS)[number];
