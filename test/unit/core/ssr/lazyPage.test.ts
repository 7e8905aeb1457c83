// In a page, createOidc wires itself to the page on first use, not at creation: a module-scope instance costs nothing
// until the app starts it, and a hydration render (which reads config and snapshots) leaves the page untouched.
import { describe, expect, it } from "vitest";
import { createOidc } from "../../../../src/index";
import type { OidcEnvironment } from "../../../../src/core";

function countingEnvironment(): { environment: Partial<OidcEnvironment>; reads: string[] } {
  const reads: string[] = [];
  const storage = new Map<string, string>();
  const sessionStorage = {
    getItem: (key: string) => (reads.push("sessionStorage"), storage.get(key) ?? null),
    setItem: (key: string, value: string) => void (reads.push("sessionStorage"), storage.set(key, value)),
    removeItem: (key: string) => void (reads.push("sessionStorage"), storage.delete(key)),
    key: (i: number) => [...storage.keys()][i] ?? null,
    get length() {
      return storage.size;
    },
    clear: () => storage.clear(),
  } as Storage;
  const environment: Partial<OidcEnvironment> = {
    currentUrl: () => (reads.push("currentUrl"), "https://app.example.test/"),
    replaceUrl: () => void reads.push("replaceUrl"),
    navigate: () => void reads.push("navigate"),
    sessionStorage,
    openChannel: () => (reads.push("openChannel"), undefined),
    runInIframe: () => Promise.reject(new Error("no iframe here")),
    fetch: () => Promise.reject(new TypeError("offline")),
  };
  return { environment, reads };
}

describe("createOidc in a page", () => {
  it("touches the page on first use, not at creation nor when config and snapshots are read", () => {
    const { environment, reads } = countingEnvironment();
    const oidc = createOidc({ issuer: "https://idp.example.test", clients: { app: { clientId: "myapp" } }, environment });
    oidc.getSnapshot();
    oidc.subscribe(() => undefined)();
    expect(oidc.config.clients.app.clientId).toBe("myapp");
    expect(reads).toEqual([]);
    void oidc.start();
    expect(reads).toContain("currentUrl");
    expect(reads).toContain("openChannel");
  });

  it("gives the page URIs their defaults from the page's origin once read", () => {
    const { environment, reads } = countingEnvironment();
    const oidc = createOidc({ issuer: "https://idp.example.test", clients: { app: { clientId: "myapp" } }, environment });
    expect(oidc.config.redirectUri).toBe("https://app.example.test/");
    expect(oidc.config.postLogoutRedirectUri).toBe("https://app.example.test/");
    expect(reads).toContain("currentUrl");
  });
});
