// A logged-in session on Glewlwyd's REST API (`/api`), as its admin or as a user: the session cookie
// that `POST /api/auth/` sets, sent with every later call.
import type { GlewlwydUser } from "./glewlwydCatalogue";

/** A call to Glewlwyd's API that did not answer 2xx. */
export class GlewlwydApiError extends Error {
  override readonly name = "GlewlwydApiError";
  constructor(
    /** `METHOD /api/path`. */
    readonly request: string,
    readonly status: number,
    /** The body as Glewlwyd sent it (often a JSON array of messages). */
    readonly body: string,
  ) {
    super(`Glewlwyd answered ${status} to ${request}: ${body || "(empty body)"}`);
  }
}

/** Calls to Glewlwyd's API under one login. Paths are relative to `/api` (e.g. `/client/`). */
export interface ApiSession {
  /** Who is logged in. */
  readonly user: GlewlwydUser;
  /** Send a request with a JSON body; resolves with the parsed JSON answer (undefined when empty). */
  request<T = unknown>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  post(path: string, body?: unknown): Promise<unknown>;
  put(path: string, body?: unknown): Promise<unknown>;
  delete(path: string): Promise<unknown>;
}

const SESSION_COOKIE = "GLEWLWYD2_SESSION_ID";

function sessionCookie(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";")[0] ?? "";
    if (pair.startsWith(`${SESSION_COOKIE}=`)) return pair;
  }
  return undefined;
}

/** Log `user` in with its password (`POST /api/auth/`) and return the session. */
export async function openApiSession(apiBase: string, user: GlewlwydUser): Promise<ApiSession> {
  let cookie: string | undefined;

  async function login(): Promise<void> {
    const response = await fetch(`${apiBase}/auth/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    const text = await response.text();
    if (!response.ok) throw new GlewlwydApiError("POST /api/auth/", response.status, text);
    cookie = sessionCookie(response);
    if (!cookie) throw new GlewlwydApiError("POST /api/auth/", response.status, `no ${SESSION_COOKIE} cookie`);
  }

  async function send(method: string, path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers["content-type"] = "application/json";
    return fetch(`${apiBase}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function request<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    let response = await send(method, path, body);
    if (response.status === 401) {
      // Admin scope g_admin keeps a password login only 10 minutes: log in again once.
      await response.body?.cancel();
      await login();
      response = await send(method, path, body);
    }
    const text = await response.text();
    if (!response.ok) throw new GlewlwydApiError(`${method} /api${path}`, response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  await login();
  return {
    user,
    request,
    get: (path) => request("GET", path),
    post: (path, body) => request("POST", path, body),
    put: (path, body) => request("PUT", path, body),
    delete: (path) => request("DELETE", path),
  };
}
