// A scripted stand-in for Vault's HTTP answers, for unit tests of the client (integration tests use the dev server).
import type { FetchLike } from "../../../src/vault/vaultResponse";

export interface StubCall {
  /** The URL exactly as the client passed it to fetch. */
  url: string;
  method: string;
  path: string;
  token: string | null;
  body: unknown;
  /** The `redirect` mode the client asked for. */
  redirect: RequestRedirect | undefined;
}

export interface StubVault {
  fetch: FetchLike;
  calls: StubCall[];
  logins(): StubCall[];
  revoked(): string[];
  /** Answer for KV and other data paths; default 200 with a secret. */
  onData: (call: StubCall) => Response;
  /** Lease of new tokens, seconds. */
  leaseSeconds: number;
  /** Delay of the login answer, ms (real timers: only to hold a login in flight). */
  loginDelayMs: number;
  /** Make the next logins fail with this status and errors. */
  loginFailure: { status: number; errors: string[] } | undefined;
}

export const VAULT_URL = "https://vault.test";

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** Vault's documented login answer. */
export function loginBody(token: string, leaseSeconds: number): unknown {
  return {
    request_id: "r",
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data: null,
    warnings: null,
    auth: {
      client_token: token,
      accessor: `acc-${token}`,
      policies: ["default", "user-secrets"],
      token_policies: ["default", "user-secrets"],
      identity_policies: [],
      metadata: { role: "web-app" },
      lease_duration: leaseSeconds,
      renewable: true,
      entity_id: "e",
      token_type: "service",
      orphan: true,
      num_uses: 0,
    },
  };
}

export function secretBody(data: Record<string, string>, version = 1): unknown {
  return {
    request_id: "r",
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data: {
      data,
      metadata: { created_time: "2026-01-01T00:00:00Z", custom_metadata: null, deletion_time: "", destroyed: false, version },
    },
    warnings: null,
  };
}

export function createStubVault(): StubVault {
  let issued = 0;
  const stub: StubVault = {
    calls: [],
    leaseSeconds: 3600,
    loginDelayMs: 0,
    loginFailure: undefined,
    onData: () => json(200, secretBody({ api_key: "k" })),
    logins: () => stub.calls.filter((c) => c.path.endsWith("/login")),
    revoked: () => stub.calls.filter((c) => c.path === "/v1/auth/token/revoke-self").map((c) => c.token ?? ""),
    fetch: async (input, init = {}) => {
      const url = new URL(input);
      const headers = new Headers(init.headers);
      const call: StubCall = {
        url: input,
        method: init.method ?? "GET",
        path: url.pathname + url.search,
        token: headers.get("X-Vault-Token"),
        body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
        redirect: init.redirect,
      };
      stub.calls.push(call);
      if (url.pathname.endsWith("/login")) {
        if (stub.loginDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, stub.loginDelayMs));
        if (stub.loginFailure) return json(stub.loginFailure.status, { errors: stub.loginFailure.errors });
        issued += 1;
        return json(200, loginBody(`hvs.token${issued}`, stub.leaseSeconds));
      }
      if (url.pathname === "/v1/auth/token/revoke-self") return new Response(null, { status: 204 });
      return stub.onData(call);
    },
  };
  return stub;
}
