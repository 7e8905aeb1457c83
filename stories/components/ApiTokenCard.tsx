import type { ReactNode } from "react";
import { useApiToken } from "react-oidc-apis";
import { ErrorNote } from "./ErrorNote";

/** One API's token as `useApiToken(api)` reports it; shows a prefix only, never the token. */
export function ApiTokenCard({ api }: { api: string }): ReactNode {
  const token = useApiToken(api);
  return (
    <section aria-label={`${api} token`} data-status={token.status}>
      <h3>
        {api}: {token.status}
      </h3>
      {token.accessToken && (
        <p>
          Token <code>{token.accessToken.slice(0, 8)}…</code>
          {token.expiresAt !== undefined && <>, expires at {new Date(token.expiresAt).toLocaleTimeString()}</>}
        </p>
      )}
      {token.error && <ErrorNote error={token.error} />}
    </section>
  );
}
