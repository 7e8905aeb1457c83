// @vitest-environment node
// A server render: no window, no document. Every hook must answer from its server snapshot and start nothing.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { OidcProvider, RequireLogin, TokenInspector, useApiToken, useIdleLogout, useOidc } from "../../../../src/index";
import { useAuthedQuery } from "../../../../src/query";
import { createMockOidc } from "../../../../src/testing";
import { createVaultClient, useVaultToken, type VaultClient } from "../../../../src/vault";

type Api = "app" | "vault";

function Session(): ReactNode {
  const { status, isLoggedIn } = useOidc();
  return <p>{`session:${status}:${isLoggedIn}`}</p>;
}

function Token({ api }: { api: Api }): ReactNode {
  const token = useApiToken(api);
  return <p>{`${api}:${token.status}:${token.accessToken ?? "none"}`}</p>;
}

function Vault({ vault }: { vault: VaultClient<Api> }): ReactNode {
  return <p>{`vault-token:${useVaultToken(vault).status}`}</p>;
}

function Query(): ReactNode {
  const query = useAuthedQuery({ api: "vault", queryKey: ["x"], queryFn: () => "data" });
  return <p>{`query:${query.status}:${query.fetchStatus}`}</p>;
}

function Idle(): ReactNode {
  const idle = useIdleLogout({ timeoutSeconds: 600 });
  return <p>{`idle:${idle.status}:${idle.secondsLeft}`}</p>;
}

describe("server rendering (renderToString under Node)", () => {
  it("renders the session as initializing and tokens as loading, even for a logged-in instance, and starts nothing", () => {
    const oidc = createMockOidc<Api>({ clients: { app: {}, vault: {} } });
    const vault = createVaultClient({ oidc, api: "vault", vaultUrl: "https://vault.example", role: "web" });
    expect(typeof window).toBe("undefined");
    const html = renderToString(
      <QueryClientProvider client={new QueryClient()}>
        <OidcProvider oidc={oidc}>
          <Session />
          <Token api="vault" />
          <Token api="app" />
          <Vault vault={vault} />
          <Query />
          <Idle />
          <TokenInspector />
          <RequireLogin fallback={<p>guard:waiting</p>}>
            <p>guard:children</p>
          </RequireLogin>
        </OidcProvider>
      </QueryClientProvider>,
    );
    expect(html).toContain("session:initializing:false");
    expect(html).toContain("vault:loading:none");
    expect(html).toContain("app:loading:none");
    expect(html).toContain("vault-token:loading");
    expect(html).toContain("query:pending:idle");
    expect(html).toContain("idle:active:600");
    expect(html).toContain('data-api="vault" data-status="idle"');
    expect(html).toContain("guard:waiting");
    expect(html).not.toContain("guard:children");
    expect(oidc.calls).toEqual({ login: [], logout: [], getApiToken: [] });
  });

  it("renders the provider's fallback while the session would initialize", () => {
    const oidc = createMockOidc<Api>({ clients: { app: {}, vault: {} } });
    const html = renderToString(
      <OidcProvider oidc={oidc} fallback={<p>Signing in…</p>}>
        <Session />
      </OidcProvider>,
    );
    expect(html).toBe("<p>Signing in…</p>");
  });
});
