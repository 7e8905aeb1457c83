import { act, render, renderHook, waitFor } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { OidcProvider } from "../../../src/react/OidcProvider";
import { createMockOidc, type MockOidc } from "../../../src/testing";
import { useVaultToken } from "../../../src/react/useVaultToken";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { createManualClock } from "../../support/manualClock";
import { createStubVault, VAULT_URL } from "../vault/stubVault";

type Api = "app" | "vault";
const OPTIONS = { vaultUrl: VAULT_URL, role: "web-app" };

function setup(user: null | undefined = undefined) {
  const oidc = createMockOidc<Api>({ clients: { app: {}, vault: {} }, tokens: { vault: "upstream-1" }, user });
  const vault = createStubVault();
  const clock = createManualClock(Date.now());
  // The app makes its client once and passes it to the hook.
  const client = createVaultClient({ oidc, api: "vault", ...OPTIONS, fetch: vault.fetch, now: clock.now, timers: clock.timers });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <OidcProvider oidc={oidc}>{children}</OidcProvider>
    </StrictMode>
  );
  return { oidc, vault, wrapper, clock, client };
}

describe("useVaultToken", () => {
  it("is loading, then ready with the token, its expiry and policies; one login under StrictMode", async () => {
    const { vault, wrapper, client } = setup();
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    expect(result.current.status).toBe("loading");
    await waitFor(() => expect(result.current.status).toBe("ready"));
    expect(result.current).toMatchObject({ accessToken: "hvs.token1", policies: ["default", "user-secrets"], error: undefined });
    expect(result.current.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(vault.logins()).toHaveLength(1);
  });

  it("serves 20 components with one Vault login", async () => {
    const { vault, wrapper, client } = setup();
    function SecretUser() {
      return <li>{useVaultToken(client).status}</li>;
    }
    const { findAllByText } = render(<ul>{Array.from({ length: 20 }, (_, i) => <SecretUser key={i} />)}</ul>, { wrapper });
    expect(await findAllByText("ready")).toHaveLength(20);
    expect(vault.logins()).toHaveLength(1);
  });

  it("logs in again when the upstream token is renewed", async () => {
    const { oidc, vault, wrapper, client } = setup();
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.accessToken).toBe("hvs.token1"));
    act(() => oidc.setToken("vault", "upstream-2"));
    await waitFor(() => expect(result.current.accessToken).toBe("hvs.token2"));
    expect((vault.logins()[1]?.body as { jwt: string }).jwt).toBe("upstream-2");
  });

  it("keeps the token fresh through the client's timer (no timer of its own): renewed 30 s before the lease ends", async () => {
    const { vault, wrapper, clock, client } = setup();
    vault.leaseSeconds = 600;
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.accessToken).toBe("hvs.token1"));
    await act(() => clock.advance(569_999));
    expect(result.current.accessToken).toBe("hvs.token1");
    await act(() => clock.advance(1));
    expect(result.current.accessToken).toBe("hvs.token2");
    expect(vault.logins()).toHaveLength(2);
  });

  it("stops renewing once unmounted", async () => {
    const { vault, wrapper, clock, client } = setup();
    vault.leaseSeconds = 600;
    const { result, unmount } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.accessToken).toBe("hvs.token1"));
    unmount();
    await clock.advance(3_600_000);
    expect(vault.logins()).toHaveLength(1);
  });

  it("reports Vault's refusal as an error with the VaultError", async () => {
    const { vault, wrapper, client } = setup();
    vault.loginFailure = { status: 400, errors: ["audience claim found in JWT but no audiences bound to the role"] };
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ code: "vault_login_failed", errors: ["audience claim found in JWT but no audiences bound to the role"] });
    expect(result.current.accessToken).toBeUndefined();
  });

  it("is idle while logged out and does not log in", async () => {
    const { vault, wrapper, client } = setup(null);
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.status).toBe("idle"));
    expect(result.current).toEqual({ status: "idle", accessToken: undefined, expiresAt: undefined, policies: undefined, error: undefined });
    expect(vault.logins()).toHaveLength(0);
  });

  it("revokes the token at logout and does not log in again meanwhile", async () => {
    const { oidc, vault, wrapper, client } = setup();
    const { result } = renderHook(() => useVaultToken(client), { wrapper });
    await waitFor(() => expect(result.current.accessToken).toBe("hvs.token1"));
    await act(async () => {
      void oidc.logout();
      await oidc.whenSettled();
    });
    expect(vault.revoked()).toEqual(["hvs.token1"]);
    expect(vault.logins()).toHaveLength(1);
    expect(result.current).toMatchObject({ status: "idle", accessToken: undefined, error: undefined });
  });

  it("does not re-render when another API's token changes", async () => {
    const { oidc, wrapper, client } = setup();
    let renders = 0;
    function Probe() {
      renders += 1;
      const { status } = useVaultToken(client);
      return <span>{status}</span>;
    }
    const view = render(<Probe />, { wrapper });
    await waitFor(() => expect(view.container.textContent).toBe("ready"));
    const before = renders;
    act(() => (oidc as MockOidc<Api>).setToken("app", "another-app-token"));
    act(() => (oidc as MockOidc<Api>).setToken("app", "yet-another"));
    expect(renders).toBe(before);
  });
});
