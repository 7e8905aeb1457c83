import { OidcError } from "../core/errors.js";
import type { Oidc } from "../core/types.js";
import { invalidBaseUrls, isUnderAnyBaseUrl, pageOrigin } from "./baseUrlScope.js";
import { sendInit, toOutgoingRequest, type OutgoingRequest } from "./outgoingRequest.js";
import { MAX_REDIRECTS, REDIRECT_STATUSES, redirectTarget } from "./redirectHop.js";

/** Options of `createTokenBoundFetch`. */
export interface TokenBoundFetchOptions {
  /** The `fetch` to send with. Default: `globalThis.fetch`, looked up at each call. */
  fetch?: typeof fetch;
  /** Origin that relative URLs resolve against. Default: `location.origin`. */
  origin?: string;
}

function discard(response: Response): void {
  try {
    void response.body?.cancel().catch(() => undefined);
  } catch {
    // A locked or already-read body needs no cleanup.
  }
}

/** The nonce a resource server asks DPoP proofs to carry (RFC 9449 §9), when this 401 asks for one. */
function dpopNonceAsked(response: Response): string | undefined {
  const challenge = response.headers.get("www-authenticate") ?? "";
  return /error="use_dpop_nonce"/.test(challenge) ? (response.headers.get("dpop-nonce") ?? undefined) : undefined;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "null";
  }
}

/**
 * A `fetch` that sends `Authorization: Bearer <token of api>` and only to that API. For a `dpop: true` client it
 * sends `Authorization: DPoP <token>` and a fresh DPoP proof per request (and per redirect hop), and answers a
 * `401` with `WWW-Authenticate: DPoP error="use_dpop_nonce"` and `DPoP-Nonce` with one retry carrying that nonce; a
 * `DPoP-Nonce` on any response is carried by the next proof to that origin.
 *
 * - The request is built as `fetch` would build it (`new Request(input, init)`) and the URL that will really be
 *   fetched is the one checked. Outside `baseUrls` (or not a request at all), `token_url_mismatch` is thrown
 *   before anything is sent. A client without `baseUrls` sends to any http(s) URL.
 * - Redirects are followed hop by hop, at most 5, with the token only while every hop stays under `baseUrls`
 *   (without `baseUrls`: on the origin first asked). Any other hop is refused with `redirect_refused` and never
 *   fetched, so no body comes back from a place the token could not go. In a browser a redirect cannot be
 *   inspected (`opaqueredirect`) and is refused too. `redirect: "manual"` returns the redirect response as is;
 *   `redirect: "error"` refuses any redirect.
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
    throw new OidcError("config_invalid", `clients.${api}.baseUrls: ${invalid.join(", ")} is not an http(s) URL without query, fragment or userinfo; use e.g. "https://api.example/v1".`, { api });
  }

  const refuse = (message: string, response: Response) => new OidcError("redirect_refused", message, { api, cause: response });

  // The latest DPoP-Nonce each resource server origin gave (RFC 9449 §9: in a challenge or any other response), so the
  // next proof carries it without another 401.
  const nonces = new Map<string, string>();

  /** The init that sends `request` with `token`: as `DPoP` with a proof of this very request for a DPoP client, else `Bearer`. */
  async function authorized(request: OutgoingRequest, token: string, nonce: string | undefined): Promise<RequestInit> {
    const proof = await oidc.createDpopProof(api, { method: request.method, url: request.url, accessToken: token, nonce: nonce ?? nonces.get(originOf(request.url)) });
    const init = sendInit(request, `${proof === undefined ? "Bearer" : "DPoP"} ${token}`);
    if (proof !== undefined) (init.headers as Headers).set("DPoP", proof);
    return init;
  }

  /** Sends `first` and each redirect hop the scope admits; returns the first response that is not followed. */
  async function follow(first: OutgoingRequest, scope: readonly string[], token: string, nonce?: string): Promise<Response> {
    const send = options.fetch ?? globalThis.fetch.bind(globalThis);
    let request = first;
    for (let hops = 0; ; hops += 1) {
      const response = await send(request.url, await authorized(request, token, nonce));
      const given = response.headers.get("dpop-nonce");
      if (given) nonces.set(originOf(request.url), given);
      const opaque = response.type === "opaqueredirect";
      if (request.redirect === "manual" || (!opaque && !REDIRECT_STATUSES.has(response.status))) return response;
      discard(response);
      if (opaque) {
        throw refuse(
          `${request.url} answered a redirect whose target the browser hides, so the "${api}" token is not sent after it. ` +
            "Call the final URL (e.g. with the trailing slash the API wants) or make the API answer without redirecting.",
          response,
        );
      }
      if (request.redirect === "error") throw refuse(`${request.url} redirected and the request said redirect: "error".`, response);
      const next = redirectTarget(request, response, api);
      if (next === undefined) return response;
      if (hops >= MAX_REDIRECTS) throw refuse(`${first.url} redirected more than ${MAX_REDIRECTS} times.`, response);
      if (!isUnderAnyBaseUrl(next.url, scope, origin)) {
        throw refuse(`${request.url} redirected to ${next.url}, outside ${scope.join(", ")}; add it to baseUrls or fetch it without the "${api}" token.`, response);
      }
      request = next;
    }
  }

  return async function tokenBoundFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = await toOutgoingRequest(input, init, origin, api);
    // Without baseUrls the token goes where the caller sends it, and a redirect may not take it to another origin.
    const scope = baseUrls.length > 0 ? baseUrls : [originOf(request.url)];
    if (!isUnderAnyBaseUrl(request.url, scope, origin)) {
      const where = baseUrls.length > 0 ? `it is not under ${baseUrls.join(", ")}` : "it is not an http(s) URL";
      throw new OidcError("token_url_mismatch", `Refused to send the "${api}" token to ${request.url}: ${where}.`, { api });
    }

    const token = await oidc.getApiToken(api);
    let response = await follow(request, scope, token);
    const nonce = response.status === 401 && request.replayable ? dpopNonceAsked(response) : undefined;
    if (nonce !== undefined) {
      discard(response);
      response = await follow(request, scope, token, nonce);
    }
    if (response.status === 401) {
      discard(response);
      const renewed = await oidc.getApiToken(api, { forceRefresh: true });
      if (request.replayable) response = await follow(request, scope, renewed);
      if (!request.replayable || response.status === 401) {
        const why = request.replayable ? `even with a renewed "${api}" token` : "and its streamed body cannot be sent again";
        throw new OidcError("unauthorized", `${request.url} answered 401 ${why}.`, { api, cause: response });
      }
    }
    if (response.status === 403) {
      throw new OidcError("forbidden", `${request.url} answered 403: the "${api}" token is not allowed to do this.`, { api, cause: response });
    }
    return response;
  };
}
