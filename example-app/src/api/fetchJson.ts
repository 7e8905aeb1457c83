import { isOidcError } from "react-oidc-apis";

/** Why a sample API call failed, when it is not the kit's business (401 and 403 are: they become `OidcError`s). */
export type ApiErrorCode =
  /** The API answered with another error status (400, 404, 5xx). */
  | "api_error"
  /** The API could not be reached (down, or CORS refused). */
  | "api_unreachable";

/** A failed sample API call, with a `code` like the kit's own errors. */
export class ApiError extends Error {
  /** What went wrong. */
  readonly code: ApiErrorCode;
  /** HTTP status the API answered, when it answered. */
  readonly status: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = options.status;
  }
}

/** Calls a sample API through a token-bound `fetch` and parses its JSON; failures throw `ApiError` (or the kit's `OidcError`). */
export async function fetchJson<T>(fetch: typeof globalThis.fetch, url: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set("Accept", "application/json");
  if (init.body !== undefined) headers.set("Content-Type", "application/json");
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    if (isOidcError(error) || (error instanceof DOMException && error.name === "AbortError")) throw error;
    throw new ApiError("api_unreachable", `${new URL(url).origin} could not be reached.`, { cause: error });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error_description?: string } | undefined;
    throw new ApiError("api_error", body?.error_description ?? `${url} answered ${response.status}.`, { status: response.status });
  }
  return (await response.json()) as T;
}

/** True when `error` is an `ApiError`, optionally with one of the given codes. */
export function isApiError(error: unknown, ...codes: ApiErrorCode[]): error is ApiError {
  return error instanceof ApiError && (codes.length === 0 || codes.includes(error.code));
}
