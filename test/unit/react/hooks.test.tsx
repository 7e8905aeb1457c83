import { act, render, screen } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { OidcError } from "../../../src/core/errors";
import { SnapshotStore } from "../../../src/core/snapshotStore";
import { apiTokenStateOf, idleApiTokenState } from "../../../src/core/tokens/tokenState";
import type { ApiTokenState, Oidc, ResolvedOidcConfig } from "../../../src/core/types";
import { OidcProvider, useApiToken, useOidc } from "../../../src/index";

type Api = "app" | "vault" | "files";

const idle = (strategy: ApiTokenState["strategy"]): ApiTokenState => idleApiTokenState(strategy, "c");
const loading = (): ApiTokenState => apiTokenStateOf({ status: "loading" }, "dedicated", "c");
const ready = (accessToken: string, expiresAt = 1): ApiTokenState =>
  apiTokenStateOf({ status: "ready", set: { accessToken, tokenType: "Bearer", obtainedAt: 0, expiresAt, scope: undefined }, audience: undefined, error: undefined }, "dedicated", "c");

/** Concurrent callers of one key share one promise (the stand-in's single flight). */
function createSingleFlight<K>() {
  const pending = new Map<K, Promise<string>>();
  return (key: K, task: () => Promise<string>): Promise<string> => {
    const existing = pending.get(key);
    if (existing) return existing;
    const promise = task().finally(() => pending.delete(key));
    pending.set(key, promise);
    return promise;
  };
}

/** A stand-in instance over the real snapshot store, so tests drive state changes by hand. */
function fakeOidc() {
  const store = new SnapshotStore<Api>({
    session: { status: "loggedIn", user: { sub: "alice" }, error: undefined },
    apis: { app: idle("login"), vault: idle("dedicated"), files: idle("resource") },
  });
  const flight = createSingleFlight<Api>();
  const acquisitions: Api[] = [];
  const getApiToken = vi.fn((api: Api) =>
    flight(api, async () => {
      acquisitions.push(api);
      if (store.getSnapshot().apis[api].status !== "ready") store.setApi(api, loading());
      await Promise.resolve();
      store.setApi(api, ready(`${api}-token-1`));
      return `${api}-token-1`;
    }),
  );
  const start = vi.fn(async () => store.getSnapshot().session);
  const oidc: Oidc<Api> = {
    config: { clients: { app: {}, vault: {}, files: {} } } as unknown as ResolvedOidcConfig<Api>,
    start,
    login: vi.fn(async () => new Promise<never>(() => undefined)),
    logout: vi.fn(async () => new Promise<never>(() => undefined)),
    loginWithPopup: vi.fn(async () => ({ sub: "alice" })),
    getApiToken,
    subscribe: store.subscribe,
    getSnapshot: store.getSnapshot,
    onLogout: () => () => undefined,
    navigatingTo: () => undefined,
    createDpopProof: async () => undefined,
  };
  return { oidc, store, getApiToken, start, acquisitions };
}


describe("useApiToken", () => {
  it("re-renders a component only for its own API's token", async () => {
    const { oidc, store } = fakeOidc();
    const renders = { vault: 0, files: 0, session: 0 };
    function VaultUser() {
      renders.vault++;
      const token = useApiToken<Api>("vault");
      return <p data-testid="vault">{token.status}:{token.accessToken}</p>;
    }
    function FilesUser() {
      renders.files++;
      return <p>{useApiToken<Api>("files").status}</p>;
    }
    function SessionUser() {
      renders.session++;
      return <p>{useOidc().status}</p>;
    }
    render(
      <OidcProvider oidc={oidc}>
        <VaultUser />
        <FilesUser />
        <SessionUser />
      </OidcProvider>,
    );
    await screen.findByText("ready:vault-token-1");
    const before = { ...renders };
    act(() => store.setApi("files", ready("files-token-2", 2)));
    act(() => store.setApi("files", ready("files-token-3", 2)));
    expect(renders.vault).toBe(before.vault);
    expect(renders.session).toBe(before.session);
    expect(renders.files).toBe(before.files + 2);
  });

  it("asks once under StrictMode however many components want the token", async () => {
    const { oidc, acquisitions, start } = fakeOidc();
    function VaultUser() {
      return <li>{useApiToken<Api>("vault").status}</li>;
    }
    render(
      <StrictMode>
        <OidcProvider oidc={oidc}>
          <ul>{Array.from({ length: 20 }, (_, i) => <VaultUser key={i} />)}</ul>
        </OidcProvider>
      </StrictMode>,
    );
    expect(await screen.findAllByText("ready")).toHaveLength(20);
    expect(acquisitions).toEqual(["vault"]);
    expect(start).toHaveBeenCalled();
  });

  it("is idle when logged out (the shared token vocabulary) instead of loading forever, and asks for nothing", () => {
    const { oidc, store } = fakeOidc();
    store.setSession({ status: "loggedOut", user: undefined, error: undefined });
    const getApiToken = vi.spyOn(oidc, "getApiToken");
    function VaultUser() {
      const token = useApiToken<Api>("vault");
      return <p>{token.status}:{token.error?.code ?? "none"}</p>;
    }
    render(
      <OidcProvider oidc={oidc}>
        <VaultUser />
      </OidcProvider>,
    );
    expect(screen.getByText("idle:none")).toBeTruthy();
    expect(getApiToken).not.toHaveBeenCalled();
  });

  it("reports the session's error when the session could not start", () => {
    const { oidc, store } = fakeOidc();
    store.setSession({ status: "error", user: undefined, error: new OidcError("idp_unreachable", "down") });
    function VaultUser() {
      const token = useApiToken<Api>("vault");
      return <p>{token.status}:{token.error?.code}</p>;
    }
    render(
      <OidcProvider oidc={oidc}>
        <VaultUser />
      </OidcProvider>,
    );
    expect(screen.getByText("error:idp_unreachable")).toBeTruthy();
  });

  it("throws unknown_api for a name that is not a client", () => {
    const { oidc } = fakeOidc();
    function Wrong() {
      useApiToken("nope" as Api);
      return null;
    }
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() =>
      render(
        <OidcProvider oidc={oidc}>
          <Wrong />
        </OidcProvider>,
      ),
    ).toThrow(OidcError);
  });

  it("throws provider_missing outside <OidcProvider>", () => {
    function Orphan() {
      useApiToken("vault");
      return null;
    }
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    expect(() => render(<Orphan />)).toThrow(expect.objectContaining({ code: "provider_missing" }));
  });

  it("marks a token that arrived with the login as read on mount, so the instance keeps it fresh", () => {
    const { oidc, store, getApiToken } = fakeOidc();
    store.setApi("app", ready("app-token-from-login", Date.now() + 60_000));
    function AppUser() {
      return <p>{useApiToken<Api>("app").accessToken}</p>;
    }
    render(
      <OidcProvider oidc={oidc}>
        <AppUser />
      </OidcProvider>,
    );
    expect(screen.getByText("app-token-from-login")).toBeTruthy();
    expect(getApiToken).toHaveBeenCalledWith("app");
  });

  it("asks again when its token went idle (expired with no background renewal, session restarted)", async () => {
    const { oidc, store, getApiToken } = fakeOidc();
    function VaultUser() {
      return <p>{useApiToken<Api>("vault").status}</p>;
    }
    render(
      <OidcProvider oidc={oidc}>
        <VaultUser />
      </OidcProvider>,
    );
    expect(await screen.findByText("ready")).toBeTruthy();
    const calls = getApiToken.mock.calls.length;
    act(() => store.setApi("vault", idle("dedicated")));
    await screen.findByText("ready");
    expect(getApiToken.mock.calls.length).toBe(calls + 1);
  });
});

describe("OidcProvider", () => {
  it("shows the fallback while initializing, then the app", () => {
    const { oidc, store } = fakeOidc();
    store.setSession({ status: "initializing", user: undefined, error: undefined });
    render(
      <OidcProvider oidc={oidc} fallback={<p>restoring session</p>}>
        <p>the app</p>
      </OidcProvider>,
    );
    expect(screen.getByText("restoring session")).toBeTruthy();
    act(() => store.setSession({ status: "loggedOut", user: undefined, error: undefined }));
    expect(screen.getByText("the app")).toBeTruthy();
  });

  it("starts the instance once per mount, and start() is idempotent under StrictMode", () => {
    const { oidc, start } = fakeOidc();
    render(
      <StrictMode>
        <OidcProvider oidc={oidc}>
          <p>app</p>
        </OidcProvider>
      </StrictMode>,
    );
    expect(start.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(start.mock.calls.length).toBeLessThanOrEqual(2);
  });
});

describe("useOidc", () => {
  it("keeps its result identical across token renewals", async () => {
    const { oidc, store } = fakeOidc();
    const seen: unknown[] = [];
    function Probe() {
      seen.push(useOidc());
      return null;
    }
    render(
      <OidcProvider oidc={oidc}>
        <Probe />
      </OidcProvider>,
    );
    const first = seen.at(-1);
    act(() => store.setApi("vault", ready("v")));
    expect(seen.at(-1)).toBe(first);
    act(() => store.setSession({ status: "loggedOut", user: undefined, error: undefined }));
    expect(seen.at(-1)).not.toBe(first);
    expect((seen.at(-1) as { isLoggedIn: boolean }).isLoggedIn).toBe(false);
  });

  it("hands out the instance's actions, popup login included", () => {
    const { oidc } = fakeOidc();
    let result: ReturnType<typeof useOidc> | undefined;
    function Probe() {
      result = useOidc();
      return null;
    }
    render(
      <OidcProvider oidc={oidc}>
        <Probe />
      </OidcProvider>,
    );
    expect(result).toMatchObject({ login: oidc.login, loginWithPopup: oidc.loginWithPopup, logout: oidc.logout });
  });
});
