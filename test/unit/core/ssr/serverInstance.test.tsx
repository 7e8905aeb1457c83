// @vitest-environment node
// createOidc on a server (Next.js, React Router framework mode): no window, no document, no environment option. The
// instance must be creatable at module scope, render through the hooks, and touch no browser global until start() runs
// in a browser. Every global a browser would have is a tripwire here: reading it records the name and throws.
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createOidc, OidcProvider, useApiToken, useOidc, type OidcError } from "../../../../src/index";

const browserGlobals = [
  "window", "document", "location", "history", "navigator", "sessionStorage", "localStorage", "indexedDB", "BroadcastChannel",
  "addEventListener", "open", "opener", "parent", "crypto",
] as const;

let touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

/** Every browser global records its reads; `window` reads as undefined (a server's answer), every other one throws. */
function armTripwires(): void {
  touched = [];
  for (const name of browserGlobals) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        if (name === "window") return undefined;
        throw new Error(`browser global ${name} touched on the server`);
      },
    });
  }
}

function disarmTripwires(): void {
  for (const name of browserGlobals) {
    const descriptor = saved.get(name);
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
  saved.clear();
}

const config = {
  issuer: "https://idp.example.test",
  clients: { app: { clientId: "myapp" }, todos: { clientId: "myapp-todos", scope: "todos:read" } },
};

function Session(): ReactNode {
  const { status, isLoggedIn } = useOidc();
  return <p>{`session:${status}:${isLoggedIn}`}</p>;
}

function Token({ api }: { api: "app" | "todos" }): ReactNode {
  const token = useApiToken(api);
  return <p>{`${api}:${token.status}:${token.accessToken ?? "none"}`}</p>;
}

const codeOf = async (promise: Promise<unknown>): Promise<string | undefined> =>
  promise.then(
    () => undefined,
    (error: OidcError) => error.code,
  );

describe("createOidc on a server", () => {
  beforeEach(armTripwires);
  afterEach(disarmTripwires);

  it("is created, read, subscribed to and rendered without touching a browser global", () => {
    const oidc = createOidc(config);
    const before = oidc.getSnapshot();
    let notified = 0;
    const unsubscribe = oidc.subscribe(() => notified++);
    const html = renderToString(
      <OidcProvider oidc={oidc}>
        <Session />
        <Token api="todos" />
        <Token api="app" />
      </OidcProvider>,
    );
    unsubscribe();
    expect(touched).toEqual([]);
    expect(html).toContain("session:initializing:false");
    expect(html).toContain("todos:loading:none");
    expect(html).toContain("app:loading:none");
    expect(oidc.getSnapshot()).toBe(before);
    expect(before.session.status).toBe("initializing");
    expect(before.apis.todos.status).toBe("idle");
    expect(oidc.config.clients.todos.strategy).toBe("dedicated");
    expect(notified).toBe(0);
  });

  it("rejects start, login, logout and getApiToken with browser_required; the snapshot stays initializing and the same", async () => {
    const oidc = createOidc(config);
    const before = oidc.getSnapshot();
    let notified = 0;
    oidc.subscribe(() => notified++);
    oidc.navigatingTo("/somewhere");
    oidc.onLogout(() => undefined);
    expect(await codeOf(oidc.start())).toBe("browser_required");
    expect(await codeOf(oidc.start())).toBe("browser_required");
    expect(await codeOf(oidc.login())).toBe("browser_required");
    expect(await codeOf(oidc.logout())).toBe("browser_required");
    expect(await codeOf(oidc.getApiToken("todos"))).toBe("browser_required");
    expect(oidc.getSnapshot()).toBe(before);
    expect(notified).toBe(0);
    // start() asks whether there is a page, and nothing more.
    expect(new Set(touched)).toEqual(new Set(["window"]));
  });

  it("still validates the configuration at creation, and says so when a page URI is read on a server", () => {
    let code: string | undefined;
    try {
      createOidc({ ...config, issuer: "not a url" });
    } catch (error) {
      code = (error as OidcError).code;
    }
    expect(code).toBe("config_invalid");
    const oidc = createOidc({ ...config, redirectUri: "https://app.example.test/callback" });
    expect(touched).toEqual([]);
    expect(() => oidc.config.redirectUri).toThrow(expect.objectContaining({ code: "browser_required" }));
  });
});
