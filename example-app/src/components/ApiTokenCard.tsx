import type { ReactNode } from "react";
import { audienceOf, decodeJwtPayload, useApiToken, useOidcInstance } from "react-oidc-apis";
import type { AppApi } from "../oidc";
import { STRATEGY_LABEL, strategyText } from "./strategyText";
import { clockTime } from "./time";

/** How this page's API token was obtained and what it is for; re-renders only when this API's token changes. */
export function ApiTokenCard({ api }: { api: AppApi }): ReactNode {
  const oidc = useOidcInstance<AppApi>();
  const client = oidc.config.clients[api];
  const token = useApiToken(api);
  const audience = token.accessToken ? audienceOf(decodeJwtPayload(token.accessToken)) : undefined;
  return (
    <aside className="token-card" data-testid={`token-card-${api}`} data-status={token.status}>
      <div className="token-card__row">
        <span className="badge">{STRATEGY_LABEL[client.strategy]}</span>
        <span className={`dot dot--${token.status}`} aria-hidden="true" />
        <span className="token-card__status">
          {token.status === "ready" ? `Token ready · expires ${clockTime(token.expiresAt)}, renewed ahead of time` : null}
          {token.status === "loading" ? "Getting a token…" : null}
          {token.status === "idle" ? "Not logged in" : null}
          {token.status === "error" ? `No token: ${token.error.code}` : null}
        </span>
      </div>
      <p className="token-card__how">{strategyText(client)}</p>
      {audience ? (
        <p className="token-card__aud">
          Audience <code>{audience.join(", ")}</code> · sent only to <code>{(client.baseUrls ?? []).join(", ")}</code>
        </p>
      ) : null}
    </aside>
  );
}
