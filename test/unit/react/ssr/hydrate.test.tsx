import { act } from "@testing-library/react";
import type { ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Oidc } from "../../../../src/core/types";
import { OidcProvider, RequireLogin, TokenInspector, useApiToken, useOidc } from "../../../../src/index";
import { createMockOidc } from "../../../../src/testing";

type Api = "app" | "vault";

function Page(): ReactNode {
  const { status } = useOidc();
  const token = useApiToken<Api>("vault");
  return (
    <>
      <p>{`session:${status}`}</p>
      <p>{`vault:${token.status}`}</p>
      <TokenInspector />
      <RequireLogin fallback={<p>guard:waiting</p>}>
        <p>guard:children</p>
      </RequireLogin>
    </>
  );
}

const app = (oidc: Oidc<Api>) => (
  <OidcProvider oidc={oidc}>
    <Page />
  </OidcProvider>
);

afterEach(() => {
  document.body.innerHTML = "";
});

describe("hydration", () => {
  it("matches the server's HTML even when the browser's instance is already logged in with tokens, then shows them", async () => {
    // The server's instance has not started; the browser's has restored a session and holds the vault token.
    const html = renderToString(app(createMockOidc<Api>({ clients: { app: {}, vault: {} }, status: "initializing" })));
    const browser = createMockOidc<Api>({ clients: { app: {}, vault: {} } });
    await browser.getApiToken("vault");
    expect(browser.getSnapshot().apis.vault.status).toBe("ready");

    const container = document.createElement("div");
    container.innerHTML = html;
    document.body.append(container);
    const recoverable = vi.fn();
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await act(async () => {
        hydrateRoot(container, app(browser), { onRecoverableError: recoverable });
      });
      expect(recoverable).not.toHaveBeenCalled();
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(container.textContent).toContain("session:loggedIn");
    expect(container.textContent).toContain("vault:ready");
    expect(container.textContent).toContain("guard:children");
    expect(container.querySelector('[data-api="vault"]')?.getAttribute("data-status")).toBe("ready");
  });
});
