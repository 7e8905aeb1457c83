import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { OidcProvider } from "../../../src/react/OidcProvider";
import { TokenInspector, type TokenInspectorProps } from "../../../src/react/TokenInspector";
import { createMockOidc, makeFakeJwt, type CreateMockOidcOptions, type MockOidc } from "../../../src/testing";

type Api = "app" | "files" | "billing" | "reports" | "search";
const clients = {
  app: {},
  files: { resource: "https://files.example" },
  billing: { audience: "https://billing.example" },
  reports: { clientId: "reports-spa", scope: "openid reports:read" },
  search: { scope: "openid search:read" },
};
const T0 = Date.UTC(2026, 0, 1, 12);

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function setup(options: Partial<CreateMockOidcOptions<Api>> = {}, props: TokenInspectorProps = {}) {
  const oidc: MockOidc<Api> = createMockOidc<Api>({ clients, user: { sub: "alice" }, ...options });
  const view = render(
    <StrictMode>
      <OidcProvider oidc={oidc}>
        <TokenInspector {...props} />
      </OidcProvider>
    </StrictMode>,
  );
  return { oidc, view };
}

function row(api: Api): HTMLElement {
  const found = screen.getAllByRole("row").find((tr) => tr.dataset.api === api);
  if (!found) throw new Error(`no row for ${api}`);
  return found;
}

/** The text of the cell under the column header `header`. */
function cell(api: Api, header: string): string {
  const headers = screen.getAllByRole("columnheader").map((th) => th.textContent);
  const index = headers.indexOf(header);
  expect(index, `column "${header}"`).toBeGreaterThanOrEqual(0);
  return row(api).children[index]?.textContent ?? "";
}

describe("TokenInspector", () => {
  it("lists every named client with its strategy and client id, idle before first use", () => {
    setup({}, { className: "mine", caption: "Tokens of this tab" });
    const table = screen.getByRole("table", { name: "Tokens of this tab" });
    expect(table.className).toBe("roa-token-inspector mine");
    const apis = within(table)
      .getAllByRole("row")
      .map((tr) => tr.dataset.api)
      .filter(Boolean);
    expect(apis).toEqual(["app", "files", "billing", "reports", "search"]);
    expect(["app", "files", "billing", "reports", "search"].map((api) => cell(api as Api, "Strategy"))).toEqual([
      "login",
      "resource",
      "audience",
      "dedicated",
      "scope",
    ]);
    expect(cell("reports", "Client ID")).toBe("reports-spa");
    expect(cell("files", "Client ID")).toBe("app");
    expect(row("files").dataset.status).toBe("idle");
    expect(cell("files", "Token")).toBe("—");
  });

  it("shows the decoded aud, the granted scope and a short prefix, never the token itself", async () => {
    const { oidc, view } = setup();
    const names = Object.keys(clients) as Api[];
    const tokens = await act(() => Promise.all(names.map((api) => oidc.getApiToken(api))));
    expect(cell("files", "Audience")).toBe("https://files.example");
    expect(cell("billing", "Audience")).toBe("https://billing.example");
    expect(cell("search", "Scope")).toBe("openid search:read");
    const html = view.container.innerHTML;
    tokens.forEach((token, i) => {
      const api = names[i]!;
      expect(row(api).dataset.status).toBe("ready");
      expect(cell(api, "Token")).toBe(`${token.slice(0, 8)}…`);
      // Neither the token nor its claims or signature part may reach the DOM (text or attributes).
      for (const part of [token, ...token.split(".").slice(1)]) expect(html).not.toContain(part);
    });
  });

  it("counts expiry down and time since renewal on one interval for the whole table", () => {
    vi.useFakeTimers({ now: T0, toFake: ["setInterval", "clearInterval", "Date"] });
    const { oidc, view } = setup();
    expect(vi.getTimerCount()).toBe(0);

    act(() => {
      oidc.setToken("files", makeFakeJwt({ aud: "https://files.example", exp: T0 / 1000 + 3600 }));
      oidc.setToken("billing", makeFakeJwt({ aud: "https://billing.example", exp: T0 / 1000 + 90 }));
    });
    expect(cell("files", "Expires in")).toBe("1:00:00");
    expect(cell("billing", "Expires in")).toBe("1:30");
    expect(cell("files", "Renewed")).toBe("0s ago");
    expect(vi.getTimerCount()).toBe(1);

    act(() => vi.advanceTimersByTime(61_000));
    expect(cell("files", "Expires in")).toBe("58:59");
    expect(cell("billing", "Expires in")).toBe("0:29");
    expect(cell("files", "Renewed")).toBe("1m ago");

    act(() => vi.advanceTimersByTime(30_000));
    expect(cell("billing", "Expires in")).toBe("expired");
    expect(vi.getTimerCount()).toBe(1);

    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it("renews one API with forceRefresh, disabling its button while the request runs", async () => {
    const { oidc } = setup({ tokenDelayMs: 30 });
    await act(() => Promise.all([oidc.getApiToken("files"), oidc.getApiToken("billing")]));
    const before = oidc.getSnapshot().apis;
    oidc.clearCalls();

    const button = within(row("files")).getByRole("button", { name: "Renew files" });
    fireEvent.click(button);
    expect(oidc.calls.getApiToken).toEqual([{ api: "files", forceRefresh: true }]);
    // The valid token stays served (and shown) while its renewal runs.
    expect(row("files").dataset.status).toBe("ready");
    expect(button).toHaveProperty("disabled", true);

    await waitFor(() => expect(button).toHaveProperty("disabled", false));
    const after = oidc.getSnapshot().apis;
    expect(after.files.accessToken).not.toBe(before.files.accessToken);
    expect(after.billing).toBe(before.billing);
  });

  it("shows the error code, with the message as its title, when a token cannot be had", () => {
    const { oidc } = setup();
    const message = 'The "billing" token is for https://other.example, not https://billing.example.';
    act(() => oidc.setToken("billing", new OidcError("audience_mismatch", message, { api: "billing" })));
    expect(row("billing").dataset.status).toBe("error");
    expect(cell("billing", "Status")).toBe("error audience_mismatch");
    expect(within(row("billing")).getByText("audience_mismatch").getAttribute("title")).toBe(message);
    expect(row("files").dataset.status).toBe("idle");
  });

  it("disables every Renew button while logged out, and enables them after login", () => {
    const { oidc } = setup({ user: null });
    const buttons = screen.getAllByRole("button", { name: /^Renew / });
    expect(buttons).toHaveLength(5);
    for (const button of buttons) expect(button).toHaveProperty("disabled", true);
    act(() => oidc.loginAs({ sub: "bob" }));
    for (const button of buttons) expect(button).toHaveProperty("disabled", false);
  });
});
