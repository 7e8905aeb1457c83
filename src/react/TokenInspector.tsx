import { useState, useSyncExternalStore, type ReactNode } from "react";
import type { RegisteredApi } from "../core/register.js";
import { idleApiTokenState } from "../core/tokens/tokenState.js";
import type { ApiTokenState, Oidc, ResolvedApiClient } from "../core/types.js";
import { useNow } from "./useNow.js";
import { useOidcInstance } from "./useOidcInstance.js";

/** Props of `<TokenInspector>`. */
export interface TokenInspectorProps {
  /** Class names added after `roa-token-inspector` on the `<table>`. Default: none. */
  className?: string;
  /** The table's caption. Default: `"Access tokens"`. */
  caption?: ReactNode;
}

// Enough to recognise the kind of token (JWT `eyJ…`, opaque), far too little to use one.
const PREFIX_LENGTH = 8;
const NONE = "—";
const HEADERS = ["API", "Strategy", "Client ID", "Audience", "Scope", "Token", "Type", "Expires in", "Renewed", "Status", "Actions"];

// The table a server renders (and hydration repeats): every client idle. One record per instance, so the server
// snapshot is the same object on every read, as useSyncExternalStore requires.
const serverTables = new WeakMap<Oidc<RegisteredApi>, Readonly<Record<RegisteredApi, ApiTokenState>>>();
function serverApis(oidc: Oidc<RegisteredApi>): Readonly<Record<RegisteredApi, ApiTokenState>> {
  let apis = serverTables.get(oidc);
  if (apis === undefined) {
    const entries = Object.entries(oidc.config.clients) as [RegisteredApi, ResolvedApiClient][];
    apis = Object.fromEntries(entries.map(([name, client]) => [name, idleApiTokenState(client.strategy, client.clientId)])) as Record<RegisteredApi, ApiTokenState>;
    serverTables.set(oidc, apis);
  }
  return apis;
}

const pad = (n: number): string => String(n).padStart(2, "0");
const iso = (ms: number): string => new Date(ms).toISOString();

function countdown(ms: number): string {
  if (ms <= 0) return "expired";
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  return `${h > 0 ? `${h}:${pad(m)}` : m}:${pad(s % 60)}`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s ago` : s < 3600 ? `${Math.floor(s / 60)}m ago` : `${Math.floor(s / 3600)}h ago`;
}

/**
 * A table of every named client of the nearest `<OidcProvider>`: strategy, client id, `aud`, scope, a short token
 * prefix (never the token), its type (`Bearer`, or `DPoP` for a sender-constrained token), expiry countdown, last
 * renewal, status and a "Renew" button. Unstyled; classes start with `roa-`. On a server and while hydrating, every
 * row is `idle`.
 */
export function TokenInspector({ className, caption = "Access tokens" }: TokenInspectorProps): ReactNode {
  const oidc = useOidcInstance();
  const apis = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().apis, () => serverApis(oidc));
  const loggedIn = useSyncExternalStore(oidc.subscribe, () => oidc.getSnapshot().session.status === "loggedIn", () => false);
  const rows = Object.entries(apis) as [RegisteredApi, ApiTokenState][];
  // One timer for the whole table, and none while there is nothing to count.
  const now = useNow(rows.some(([, t]) => t.obtainedAt !== undefined) ? 1000 : null);
  // A forced renewal of a valid token keeps it `ready`, so the table remembers which renewals it started.
  const [renewing, setRenewing] = useState<ReadonlySet<string>>(() => new Set());
  const renew = (name: RegisteredApi) => {
    setRenewing((current) => new Set(current).add(name));
    const done = () =>
      setRenewing((current) => {
        const next = new Set(current);
        next.delete(name);
        return next;
      });
    oidc.getApiToken(name, { forceRefresh: true }).then(done, done);
  };

  return (
    <table className={className ? `roa-token-inspector ${className}` : "roa-token-inspector"}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {HEADERS.map((header) => (
            <th key={header} scope="col">
              {header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, t]) => (
          <tr key={name} className="roa-token-row" data-api={name} data-status={t.status}>
            <th scope="row">{name}</th>
            <td>{t.strategy}</td>
            <td>
              <code>{t.clientId}</code>
            </td>
            <td>{t.audience?.join(" ") || NONE}</td>
            <td>{t.scope ?? NONE}</td>
            <td>{t.accessToken ? <code className="roa-token-prefix">{t.accessToken.slice(0, PREFIX_LENGTH)}…</code> : NONE}</td>
            <td>{t.tokenType ?? NONE}</td>
            <td>{t.expiresAt === undefined ? NONE : <time dateTime={iso(t.expiresAt)}>{countdown(t.expiresAt - now)}</time>}</td>
            <td>{t.obtainedAt === undefined ? NONE : <time dateTime={iso(t.obtainedAt)}>{ago(now - t.obtainedAt)}</time>}</td>
            <td>
              {t.status}
              {t.error && (
                <>
                  {" "}
                  <code className="roa-error" title={t.error.message}>
                    {t.error.code}
                  </code>
                </>
              )}
            </td>
            <td>
              <button
                type="button"
                className="roa-renew"
                aria-label={`Renew ${name}`}
                disabled={!loggedIn || t.status === "loading" || renewing.has(name)}
                // The outcome (token or error code) reaches the table through the snapshot.
                onClick={() => renew(name)}
              >
                Renew
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
