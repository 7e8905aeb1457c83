import { OidcError } from "../core/errors.js";
import type { OutgoingRequest } from "./outgoingRequest.js";

/** The statuses the Fetch standard follows as redirects. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Redirects a token-bound fetch follows for one request before it refuses (browsers allow 20; an API needs few). */
export const MAX_REDIRECTS = 5;

// The Fetch standard's "request-body-header names", plus the length, which no longer matches once the body is gone.
const BODY_HEADERS = ["content-encoding", "content-language", "content-location", "content-type", "content-length"];

function refuse(api: string, message: string, response: Response): OidcError {
  return new OidcError("redirect_refused", message, { api, cause: response });
}

function locationOf(request: OutgoingRequest, response: Response, api: string): URL | undefined {
  const location = response.headers.get("location");
  if (location === null) return undefined;
  let target: URL;
  try {
    target = new URL(location, request.url);
  } catch {
    throw refuse(api, `${request.url} answered ${response.status} with a Location that is not a URL.`, response);
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw refuse(api, `${request.url} answered ${response.status} to a ${target.protocol} URL; only http(s) redirects are followed.`, response);
  }
  return target;
}

/**
 * The request a redirect asks for, rewritten as the Fetch standard says: 301 and 302 turn POST into GET, 303 turns
 * anything but GET and HEAD into GET (both drop the body and its headers); 307 and 308 keep method and body.
 * Whether the credential may go there is the caller's check, not this function's.
 * @param request - The request that got `response`.
 * @param response - A response whose status is one of `REDIRECT_STATUSES`.
 * @param api - The API whose token is concerned, for the error.
 * @returns The next request, or `undefined` when there is no `Location` (the response is then the final answer).
 * @throws OidcError `redirect_refused` when `Location` is not an http(s) URL, or the hop would have to send a
 *   streamed body a second time.
 */
export function redirectTarget(request: OutgoingRequest, response: Response, api: string): OutgoingRequest | undefined {
  const target = locationOf(request, response, api);
  if (target === undefined) return undefined;
  const toGet =
    ((response.status === 301 || response.status === 302) && request.method === "POST") ||
    (response.status === 303 && request.method !== "GET" && request.method !== "HEAD");
  if (!toGet) {
    if (request.body !== null && !request.replayable) {
      throw refuse(api, `${request.url} answered ${response.status}, which needs the body again, but it was a stream that can be sent once.`, response);
    }
    return { ...request, url: target.href };
  }
  const headers = new Headers(request.headers);
  for (const name of BODY_HEADERS) headers.delete(name);
  return { ...request, url: target.href, method: "GET", headers, body: null, replayable: true };
}
