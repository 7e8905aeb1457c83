import { OidcError } from "../core/errors.js";

/** `RequestInit` with `duplex`, which a streamed body needs and older DOM typings lack. */
type SendInit = RequestInit & { duplex?: "half" };

/**
 * A request exactly as the token-bound fetch sends it: one absolute URL that is the one checked and the one
 * fetched, and everything needed to send it again (after a 401, or to the next hop of a redirect).
 */
export interface OutgoingRequest {
  /** The absolute URL that is fetched. */
  readonly url: string;
  /** The HTTP method, normalised by `Request` (`"post"` → `"POST"`). */
  readonly method: string;
  /** The caller's headers, without the credential. */
  readonly headers: Headers;
  /** The body: bytes that can be sent any number of times, a stream that can be sent once, or none. */
  readonly body: ArrayBuffer | ReadableStream<Uint8Array> | null;
  /** False when the body is a stream the caller passed in `init`, which can be sent only once. */
  readonly replayable: boolean;
  /** What the caller asked to happen on a redirect (`"follow"` unless they said otherwise). */
  readonly redirect: RequestRedirect;
  /** The caller's other options (signal, credentials, mode, cache, ...), passed on with every send. */
  readonly options: RequestInit;
}

function describe(input: unknown): string {
  if (typeof input === "string") return JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input);
  return input === null ? "null" : typeof input;
}

function reasonOf(error: unknown): string {
  // What a caller's toString() throws can be anything, even a value that throws again when read.
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return "unreadable error";
  }
}

function resolveAgainst(input: string, origin: string | undefined): string {
  // Strings resolve against the configured origin, not the document, so the origin that is checked is the one used.
  return origin === undefined ? input : new URL(input, origin).href;
}

function optionsOf(request: Request): RequestInit {
  const options: RequestInit = {
    signal: request.signal,
    credentials: request.credentials,
    // A navigation request's mode cannot be set from script; what `new Request(navigation, init)` does instead.
    mode: request.mode === "navigate" ? "same-origin" : request.mode,
    cache: request.cache,
    referrer: request.referrer,
    referrerPolicy: request.referrerPolicy,
    integrity: request.integrity,
    keepalive: request.keepalive,
  };
  // Implementations that lack a member report `undefined`; passing that on would only add noise.
  for (const key of Object.keys(options) as (keyof RequestInit)[]) if (options[key] === undefined) delete options[key];
  return options;
}

/**
 * Builds the request `fetch(input, init)` would send, the way `fetch` builds it (`new Request(input, init)`): a
 * `Request` keeps its own URL (whatever its realm), any other object is turned into a string once by the
 * `Request` constructor, so a look-alike with a harmless `url` and a hostile `toString()` is judged by the URL
 * that would really be fetched. Strings resolve against `origin`.
 * @param input - What the caller passed as the first argument of `fetch`.
 * @param init - What the caller passed as the second argument.
 * @param origin - Origin that relative strings resolve against; `undefined` admits only absolute ones.
 * @param api - The API whose token is concerned, for the error.
 * @throws OidcError `token_url_mismatch` when no request can be built (not a URL, a `toString()` that throws,
 *   an invalid method or header, a body on GET, a used body, ...): nothing is sent.
 */
export async function toOutgoingRequest(input: unknown, init: RequestInit | undefined, origin: string | undefined, api: string): Promise<OutgoingRequest> {
  try {
    const request =
      typeof input === "string"
        ? new Request(resolveAgainst(input, origin), init)
        : input instanceof URL
          ? new Request(input.href, init)
          : new Request(input as RequestInfo, init);
    const streamed = typeof ReadableStream !== "undefined" && init?.body instanceof ReadableStream;
    const body = request.body === null ? null : streamed ? request.body : await request.arrayBuffer();
    return {
      url: request.url,
      method: request.method,
      headers: new Headers(request.headers),
      body,
      replayable: !streamed,
      redirect: request.redirect ?? "follow",
      options: optionsOf(request),
    };
  } catch (error) {
    const reason = reasonOf(error);
    throw new OidcError("token_url_mismatch", `Refused to send the "${api}" token: ${describe(input)} does not make a request (${reason}).`, {
      api,
      cause: error,
    });
  }
}

/** The `init` that sends `request` once with `authorization`, never letting the runtime follow a redirect. */
export function sendInit(request: OutgoingRequest, authorization: string): SendInit {
  const headers = new Headers(request.headers);
  headers.set("Authorization", authorization);
  const init: SendInit = { ...request.options, method: request.method, headers, redirect: "manual" };
  if (request.body !== null) init.body = request.body;
  if (request.body !== null && !request.replayable) init.duplex = "half";
  return init;
}
