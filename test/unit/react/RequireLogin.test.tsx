import { act, render, screen } from "@testing-library/react";
import { Component, StrictMode, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../src/core/errors";
import type { LoginOptions, Oidc } from "../../../src/core/types";
import { OidcProvider, RequireLogin, withLoginRequired } from "../../../src/index";
import { createMockOidc, type MockOidc } from "../../../src/testing";

type Api = "app" | "vault";
const clients = { app: {}, vault: {} };

function inStrictMode(oidc: Oidc<Api>, children: ReactNode): ReactNode {
  return (
    <StrictMode>
      <OidcProvider oidc={oidc}>{children}</OidcProvider>
    </StrictMode>
  );
}

/** The mock, but its login never comes back: the page would be on its way to the IdP. */
function leavingForIdp(mock: MockOidc<Api>): Oidc<Api> & { login: ReturnType<typeof vi.fn> } {
  return { ...mock, login: vi.fn((_options?: LoginOptions) => new Promise<never>(() => undefined)) };
}

class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  override render(): ReactNode {
    return this.state.error === undefined ? this.props.children : <p>boundary:{(this.state.error as OidcError).code}</p>;
  }
}

describe("<RequireLogin>", () => {
  it("renders the children for a logged-in user and starts no login", () => {
    const oidc = createMockOidc<Api>({ clients });
    render(inStrictMode(oidc, <RequireLogin fallback={<p>waiting</p>}>secret page</RequireLogin>));
    expect(screen.getByText("secret page")).toBeTruthy();
    expect(oidc.calls.login).toEqual([]);
  });

  it("logged out: starts one login back to the current URL under StrictMode, and the children once it is done", async () => {
    history.replaceState(null, "", "/reports/42?tab=q3#top");
    const oidc = createMockOidc<Api>({ clients, user: null });
    render(inStrictMode(oidc, <RequireLogin fallback={<p>waiting</p>}>secret page</RequireLogin>));
    expect(await screen.findByText("secret page")).toBeTruthy();
    expect(oidc.calls.login).toEqual([{ returnTo: `${location.origin}/reports/42?tab=q3#top` }]);
  });

  it("renders onRedirecting while the page leaves, and never starts a second login: re-renders, StrictMode, two guards", () => {
    const oidc = leavingForIdp(createMockOidc<Api>({ clients, user: null }));
    const tree = (n: number) =>
      inStrictMode(
        oidc,
        <>
          <RequireLogin fallback={<p>waiting</p>} onRedirecting={() => <p>{`redirecting ${n}`}</p>}>
            secret page
          </RequireLogin>
          <RequireLogin fallback={<p>second guard</p>}>other secret</RequireLogin>
        </>,
      );
    const { rerender } = render(tree(1));
    for (let n = 2; n <= 5; n++) rerender(tree(n));
    expect(screen.getByText("redirecting 5")).toBeTruthy();
    expect(screen.getByText("second guard")).toBeTruthy();
    expect(screen.queryByText("secret page")).toBeNull();
    expect(oidc.login).toHaveBeenCalledTimes(1);
  });

  it("passes loginOptions, whose returnTo wins over the current URL", () => {
    const oidc = leavingForIdp(createMockOidc<Api>({ clients, user: null }));
    render(inStrictMode(oidc, <RequireLogin loginOptions={{ returnTo: "/home" }}>secret page</RequireLogin>));
    expect(oidc.login.mock.calls).toEqual([[{ returnTo: "/home" }]]);
  });

  it("waits with the fallback while the session initializes, then decides once", async () => {
    const oidc = createMockOidc<Api>({ clients, user: null, status: "initializing" });
    // Not started by a provider yet: the guard only waits.
    render(
      <StrictMode>
        <OidcProvider oidc={{ ...oidc, start: () => new Promise(() => undefined) }}>
          <RequireLogin fallback={<p>waiting</p>}>secret page</RequireLogin>
        </OidcProvider>
      </StrictMode>,
    );
    expect(screen.getByText("waiting")).toBeTruthy();
    expect(oidc.calls.login).toEqual([]);
    // Started: logged out, so one login, after which the mock is logged in.
    await act(() => oidc.start());
    expect(await screen.findByText("secret page")).toBeTruthy();
    expect(oidc.calls.login).toHaveLength(1);
  });

  it("starts a new login after the user was logged in and then logged out again (a new session state)", async () => {
    const oidc = createMockOidc<Api>({ clients, user: null });
    render(inStrictMode(oidc, <RequireLogin>secret page</RequireLogin>));
    await screen.findByText("secret page");
    act(() => oidc.setUser(null));
    await screen.findByText("secret page");
    expect(oidc.calls.login).toHaveLength(2);
  });

  it("a session ended with login_required or interaction_required starts a login", () => {
    for (const code of ["login_required", "interaction_required"] as const) {
      const oidc = leavingForIdp(createMockOidc<Api>({ clients, status: "error", sessionError: new OidcError(code, "ended") }));
      const { unmount } = render(inStrictMode(oidc, <RequireLogin fallback={<p>waiting</p>}>secret page</RequireLogin>));
      expect(screen.getByText("waiting")).toBeTruthy();
      expect(oidc.login).toHaveBeenCalledTimes(1);
      unmount();
    }
  });

  it("any other session error renders errorFallback with the error, starts no login, and heals with the session", () => {
    const oidc = createMockOidc<Api>({ clients, status: "error", sessionError: new OidcError("idp_unreachable", "down") });
    render(inStrictMode(oidc, <RequireLogin errorFallback={(error) => <p>{`error:${error.code}`}</p>}>secret page</RequireLogin>));
    expect(screen.getByText("error:idp_unreachable")).toBeTruthy();
    expect(oidc.calls.login).toEqual([]);
    act(() => oidc.setUser({ sub: "alice" }));
    expect(screen.getByText("secret page")).toBeTruthy();
  });

  it("without errorFallback, throws the session error to the nearest error boundary", () => {
    const oidc = createMockOidc<Api>({ clients, status: "error", sessionError: new OidcError("invalid_callback", "no") });
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => undefined);
    render(inStrictMode(oidc, <Boundary><RequireLogin>secret page</RequireLogin></Boundary>));
    consoleError.mockRestore();
    expect(screen.getByText("boundary:invalid_callback")).toBeTruthy();
  });

  it.each([
    ["an OidcError keeps its code", new OidcError("idp_unreachable", "down"), "idp_unreachable"],
    ["anything else becomes internal_error", new TypeError("boom"), "internal_error"],
  ] as const)("a login that cannot start renders errorFallback (%s) and is not retried", async (_, failure, code) => {
    const login = vi.fn(() => Promise.reject(failure));
    const oidc = { ...createMockOidc<Api>({ clients, user: null }), login };
    render(inStrictMode(oidc, <RequireLogin errorFallback={(error) => <p>{`error:${error.code}`}</p>}>secret page</RequireLogin>));
    expect(await screen.findByText(`error:${code}`)).toBeTruthy();
    expect(login).toHaveBeenCalledTimes(1);
  });

  it("errorFallback may be a plain node", () => {
    const oidc = createMockOidc<Api>({ clients, status: "error", sessionError: new OidcError("idp_unreachable", "down") });
    render(inStrictMode(oidc, <RequireLogin errorFallback={<p>try again later</p>}>secret page</RequireLogin>));
    expect(screen.getByText("try again later")).toBeTruthy();
  });
});

describe("withLoginRequired", () => {
  function Profile({ name }: { name: string }): ReactNode {
    return <p>{`profile of ${name}`}</p>;
  }

  it("renders the component with its props only when logged in, starting one login otherwise", async () => {
    const Protected = withLoginRequired(Profile, { fallback: <p>waiting</p> });
    expect(Protected.displayName).toBe("withLoginRequired(Profile)");
    const oidc = leavingForIdp(createMockOidc<Api>({ clients, user: null }));
    const { unmount } = render(inStrictMode(oidc, <Protected name="alice" />));
    expect(screen.getByText("waiting")).toBeTruthy();
    expect(oidc.login).toHaveBeenCalledTimes(1);
    unmount();

    render(inStrictMode(createMockOidc<Api>({ clients }), <Protected name="alice" />));
    expect(screen.getByText("profile of alice")).toBeTruthy();
  });
});
