import { render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { describe, expect, it } from "vitest";
import type { ApiTokenState, Oidc, OidcSnapshot } from "../../../src/core/types";
import { OidcProvider } from "../../../src/react/OidcProvider";
import { TokenInspector } from "../../../src/react/TokenInspector";

// The token type column: a DPoP client's token says so (the mock instance only makes bearer tokens).
const ready = (tokenType: string): ApiTokenState => ({
  strategy: "dedicated",
  clientId: "c",
  status: "ready",
  accessToken: "eyJhbGciOiJFUzI1NiJ9.e30.sig",
  tokenType,
  expiresAt: Date.now() + 60_000,
  scope: undefined,
  audience: undefined,
  obtainedAt: Date.now(),
  error: undefined,
});

describe("TokenInspector token type", () => {
  it("shows DPoP for a sender-constrained token, Bearer for another, a dash without a token", () => {
    const snapshot: OidcSnapshot<"app" | "todos" | "files"> = {
      session: { status: "loggedIn", user: { sub: "alice" }, error: undefined },
      apis: {
        app: ready("Bearer"),
        todos: ready("DPoP"),
        files: { strategy: "resource", clientId: "c", status: "idle", error: undefined, accessToken: undefined, tokenType: undefined, expiresAt: undefined, scope: undefined, audience: undefined, obtainedAt: undefined },
      },
    };
    const oidc = {
      config: { clients: { app: { strategy: "login", clientId: "c" }, todos: { strategy: "dedicated", clientId: "c" }, files: { strategy: "resource", clientId: "c" } } },
      start: async () => snapshot.session,
      subscribe: () => () => undefined,
      getSnapshot: () => snapshot,
      getApiToken: async () => "t",
    } as unknown as Oidc<"app" | "todos" | "files">;
    render(
      <StrictMode>
        <OidcProvider oidc={oidc}>
          <TokenInspector />
        </OidcProvider>
      </StrictMode>,
    );
    const headers = screen.getAllByRole("columnheader").map((th) => th.textContent);
    const typeOf = (api: string) => screen.getAllByRole("row").find((tr) => tr.dataset.api === api)?.children[headers.indexOf("Type")]?.textContent;
    expect([typeOf("app"), typeOf("todos"), typeOf("files")]).toEqual(["Bearer", "DPoP", "—"]);
  });
});
