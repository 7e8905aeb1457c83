import type { FetchLike } from "react-oidc-apis/vault";

/** A scripted Vault answer: success, an HTTP error with Vault's `errors`, no answer, or no network. */
export type StubVaultAnswer = "ok" | "pending" | "unreachable" | { status: number; errors: string[] };

/** What the stub Vault answers. */
export interface StubVaultOptions {
  /** Answer of `auth/<mount>/login`. Default: `"ok"`. */
  login?: StubVaultAnswer;
  /** Answer of a KV v2 read. Default: `"ok"` with `secret`. */
  read?: StubVaultAnswer;
  /** Data of the secret a successful read returns. */
  secret?: Record<string, string>;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function answer(script: StubVaultAnswer, ok: () => Response): Promise<Response> {
  if (script === "pending") return new Promise(() => {});
  if (script === "unreachable") return Promise.reject(new TypeError("Failed to fetch"));
  return Promise.resolve(script === "ok" ? ok() : json(script.status, { errors: script.errors }));
}

/** A `fetch` standing in for Vault's HTTP API (JWT login, KV v2 read, revoke-self), so stories need no server. */
export function stubVaultFetch(options: StubVaultOptions = {}): FetchLike {
  const { login = "ok", read = "ok", secret = {} } = options;
  let logins = 0;
  return (input) => {
    const path = new URL(input).pathname;
    if (path.endsWith("/login")) {
      logins += 1;
      return answer(login, () =>
        json(200, {
          auth: {
            client_token: `hvs.CAESIStoryToken${logins}xxxxxxxxxxxxxxxx`,
            accessor: `story-accessor-${logins}`,
            policies: ["default", "user-secrets"],
            lease_duration: 1800,
            renewable: true,
          },
        }),
      );
    }
    if (path.includes("/data/")) {
      return answer(read, () =>
        json(200, {
          data: {
            data: secret,
            metadata: { created_time: "2026-11-01T09:30:00Z", custom_metadata: null, deletion_time: "", destroyed: false, version: 3 },
          },
        }),
      );
    }
    if (path.endsWith("/revoke-self")) return Promise.resolve(new Response(null, { status: 204 }));
    return Promise.resolve(json(404, { errors: [] }));
  };
}
