import { OidcError } from "../core/errors";
import type { Oidc } from "../core/types";
import { invalidBaseUrls, isUnderBaseUrl, pageOrigin } from "./baseUrlScope";

/** Options of `createTokenBoundFetch`. */
export interface TokenBoundFetchOptions {
  /** The `fetch` to send with. Default: `globalThis.fetch`, looked up at each call. */
  fetch?: typeof fetch;
  /** Origin that relative URLs resolve against. Default: `location.origin`. */
  origin?: string;
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

function headersOf(input: RequestInfo | URL, init: RequestInit | undefined, token: string): Headers {
  // fetch(request, init) lets init.headers replace the request's headers entirely; do the same before adding ours.
  const headers = new Headers(init?.headers ?? (typeof input === "object" && !(input instanceof URL) ? input.headers : undefined));
  headers.set("Authorization", `Bearer ${token}`);
  return headers;
}

function discard(response: Response): void {
  try {
    void response.body?.cancel().catch(() => undefined);
  } catch {
    // A locked or already-read body needs no cleanup.
  }
}

/**
 * A `fetch` that sends `Authorization: Bearer <token of api>` and only to that API.
 *
 * - When the client has `baseUrls`, a URL outside them is refused with `token_url_mismatch` before anything is sent.
 * - A 401 forces one token renewal and one retry; a second 401 throws `unauthorized` (with the response as `cause`).
 * - A 403 throws `forbidden` without retrying. Every other response is returned as is.
 * @param oidc - The instance whose token is used.
 * @param api - The named client whose token is sent.
 */
export function createTokenBoundFetch<Api extends string>(
  oidc: Oidc<Api>,
  api: Api,
  options: TokenBoundFetchOptions = {},
): typeof fetch {
  const client = Object.hasOwn(oidc.config.clients, api) ? oidc.config.clients[api] : undefined;
  if (client === undefined) throw new OidcError("unknown_api", `Unknown API "${api}": it is not a key of \`clients\`.`, { api });
  const origin = options.origin ?? pageOrigin();
  const baseUrls = client.baseUrls ?? [];
  const invalid = invalidBaseUrls(baseUrls, origin);
  if (invalid.length > 0) {
    throw new OidcError("config_invalid", `clients.${api}.baseUrls: ${invalid.join(", ")} is not an http(s) URL; use e.g. "https://api.example/v1".`, { api });
  }

  return async function tokenBoundFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = urlOf(input);
    if (baseUrls.length > 0 && !baseUrls.some((baseUrl) => isUnderBaseUrl(url, baseUrl, origin))) {
      throw new OidcError("token_url_mismatch", `Refused to send the "${api}" token to ${url}: it is not under ${baseUrls.join(", ")}.`, { api });
    }
    const send = options.fetch ?? globalThis.fetch.bind(globalThis);
    // A Request body can be read once; keep a copy for the retry. A stream in init cannot be replayed at all.
    const retryInput = typeof input === "object" && !(input instanceof URL) ? input.clone() : input;
    const replayable = !(typeof ReadableStream !== "undefined" && init?.body instanceof ReadableStream);

    let response = await send(input, { ...init, headers: headersOf(input, init, await oidc.getApiToken(api)) });
    if (response.status === 401) {
      discard(response);
      const renewed = await oidc.getApiToken(api, { forceRefresh: true });
      if (replayable) response = await send(retryInput, { ...init, headers: headersOf(retryInput, init, renewed) });
      if (!replayable || response.status === 401) {
        const why = replayable ? `even with a renewed "${api}" token` : "and its streamed body cannot be sent again";
        throw new OidcError("unauthorized", `${url} answered 401 ${why}.`, { api, cause: response });
      }
    }
    if (response.status === 403) {
      throw new OidcError("forbidden", `${url} answered 403: the "${api}" token is not allowed to do this.`, { api, cause: response });
    }
    return response;
  };
}
