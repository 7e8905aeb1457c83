// A browserless user agent for Node integration tests: real fetch, a cookie jar, redirects followed by
// hand, and the IdP's HTML forms submitted the way a user (or the page's auto-submit script) would.
import { CookieJar } from "./cookieJar";

/** Why the user agent could not reach the app again. */
export type UserAgentErrorCode =
  /** The IdP showed its login form but the request may not interact (`noInteraction` / `anonymous`). */
  | "interaction_required"
  /** The IdP answered with an error page instead of redirecting (e.g. a bad redirect_uri). */
  | "idp_error"
  /** An answer the user agent cannot act on (no redirect, no form). */
  | "unexpected_response"
  /** More hops than any real flow takes: a redirect loop. */
  | "too_many_redirects";

/** A failed walk through the IdP; `code` says why. */
export class UserAgentError extends Error {
  override readonly name = "UserAgentError";
  constructor(
    readonly code: UserAgentErrorCode,
    message: string,
    /** The URL the user agent stopped at. */
    readonly url: string,
  ) {
    super(message);
  }
}

/** Options of `UserAgent.authorize`. */
export interface AuthorizeOptions {
  /** Login name to submit if the login form appears. Default: "alice". */
  login?: string;
  /** Password to submit with it. Default: "dev" (the dev IdP takes any). */
  password?: string;
  /** Fail with `interaction_required` instead of submitting the login form (a hidden iframe cannot). */
  noInteraction?: boolean;
  /** Send and keep no cookies (a cross-site iframe); implies `noInteraction`. */
  anonymous?: boolean;
}

/** A page at the IdP that a provider-specific handler may drive (see `PageHandler`). */
export interface IdpPage {
  url: URL;
  html: string;
  /** Login name and password to use if the page asks for a login. */
  login: string;
  password: string;
  /** False when the request may not show UI (`noInteraction`, `anonymous`, end-session walks). */
  interactive: boolean;
  /** Whether a login was already submitted during this walk (a second one means the IdP refused it). */
  loginSubmitted: boolean;
  /** Fetch with this user agent's cookies (sent and stored; none when anonymous); redirects not followed. */
  request(url: URL | string, init?: { method?: string; json?: unknown }): Promise<Response>;
}

/** Where a page handler goes next; `loginSubmitted` when it logged the user in. */
export interface PageStep {
  next: URL;
  loginSubmitted?: boolean;
}

/** Plays a provider's script-driven pages (a JavaScript login app) the way its scripts and a user would.
 *  Resolves undefined for a page it does not know; throws `UserAgentError` to stop the walk. */
export type PageHandler = (page: IdpPage) => Promise<PageStep | undefined>;

/** Options of `createUserAgent`. */
export interface UserAgentOptions {
  /** Provider-specific pages, tried before the generic HTML form handling (which suits the dev IdP). */
  pages?: PageHandler;
}

/** Plays the browser's part at the IdP. */
export interface UserAgent {
  /** Follow `authorizeUrl` through the IdP (cookies kept); if the login form appears, submit it as `login`
   *  (default "alice"). Resolve with the first URL outside the IdP's origin (the app's redirect URI with code/state or error). */
  authorize(authorizeUrl: string, options?: AuthorizeOptions): Promise<string>;
  /** Follow an end_session URL to its final redirect back to the app; resolves with that URL. */
  endSession(url: string): Promise<string>;
  /** Names of the cookies held for `host` (e.g. "127.0.0.1"), to check whether an IdP session exists. */
  cookieNames(host: string): string[];
  /** Forget every cookie (a fresh browser profile). */
  clearCookies(): void;
}

const MAX_HOPS = 25;

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, "i").exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? "") : undefined;
}

interface HtmlForm {
  action: string;
  method: string;
  fields: Map<string, string>;
}

/** The first form of a page with its named inputs (the IdP's pages have one form each). */
function parseForm(html: string): HtmlForm | undefined {
  const open = /<form\b[^>]*>/i.exec(html);
  if (!open) return undefined;
  const end = html.indexOf("</form>", open.index);
  const inner = html.slice(open.index, end === -1 ? undefined : end);
  const fields = new Map<string, string>();
  for (const input of inner.match(/<input\b[^>]*>/gi) ?? []) {
    const name = attribute(input, "name");
    if (name) fields.set(name, attribute(input, "value") ?? "");
  }
  return { action: attribute(open[0], "action") ?? "", method: (attribute(open[0], "method") ?? "get").toUpperCase(), fields };
}

/** Create a user agent with an empty cookie jar. */
export function createUserAgent(agentOptions: UserAgentOptions = {}): UserAgent {
  const jar = new CookieJar();

  async function request(anonymous: boolean, target: URL | string, init: { method?: string; json?: unknown } = {}): Promise<Response> {
    const url = new URL(target);
    const headers: Record<string, string> = { accept: "application/json" };
    const cookie = anonymous ? undefined : jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (init.json !== undefined) headers["content-type"] = "application/json";
    const body = init.json === undefined ? undefined : JSON.stringify(init.json);
    const response = await fetch(url, { method: init.method ?? "GET", headers, body, redirect: "manual" });
    if (!anonymous) jar.store(url, response.headers.getSetCookie());
    return response;
  }

  async function walk(startUrl: string, options: AuthorizeOptions): Promise<string> {
    const idpOrigin = new URL(startUrl).origin;
    const anonymous = options.anonymous === true;
    const interactive = !anonymous && options.noInteraction !== true;
    let url = new URL(startUrl);
    let method = "GET";
    let body: URLSearchParams | undefined;
    let submittedLogin = false;

    for (let hop = 0; hop < MAX_HOPS; hop++) {
      if (url.origin !== idpOrigin) return url.href;
      const headers: Record<string, string> = { accept: "text/html,application/xhtml+xml" };
      const cookie = anonymous ? undefined : jar.header(url);
      if (cookie) headers.cookie = cookie;
      if (body) headers["content-type"] = "application/x-www-form-urlencoded";
      const response = await fetch(url, { method, headers, body, redirect: "manual" });
      if (!anonymous) jar.store(url, response.headers.getSetCookie());

      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        url = new URL(location, url);
        method = "GET";
        body = undefined;
        continue;
      }

      const text = await response.text();
      if (!response.ok) {
        const error = response.headers.get("dev-idp-error") ?? `HTTP ${response.status}`;
        throw new UserAgentError("idp_error", `The IdP answered ${response.status} (${error}) at ${url.href}.`, url.href);
      }
      const step: PageStep | undefined = await agentOptions.pages?.({
        url,
        html: text,
        login: options.login ?? "alice",
        password: options.password ?? "dev",
        interactive,
        loginSubmitted: submittedLogin,
        request: (target, init) => request(anonymous, target, init),
      });
      if (step) {
        submittedLogin ||= step.loginSubmitted === true;
        url = step.next;
        method = "GET";
        body = undefined;
        continue;
      }
      const form = parseForm(text);
      if (!form) {
        throw new UserAgentError("unexpected_response", `No redirect and no form at ${url.href}.`, url.href);
      }
      if (form.fields.has("login")) {
        if (!interactive) {
          throw new UserAgentError("interaction_required", `The IdP asked for a login at ${url.href}.`, url.href);
        }
        if (submittedLogin) {
          throw new UserAgentError("unexpected_response", `The IdP showed the login form again at ${url.href}.`, url.href);
        }
        submittedLogin = true;
        form.fields.set("login", options.login ?? "alice");
        form.fields.set("password", options.password ?? "dev");
      }
      // Any other form is one the page submits by script (logout confirmation, form_post).
      const target = new URL(form.action || url.href, url);
      if (form.method === "POST") {
        method = "POST";
        body = new URLSearchParams([...form.fields]);
      } else {
        method = "GET";
        body = undefined;
        for (const [name, value] of form.fields) target.searchParams.set(name, value);
      }
      url = target;
    }
    throw new UserAgentError("too_many_redirects", `More than ${MAX_HOPS} hops from ${startUrl}.`, url.href);
  }

  return {
    authorize: (authorizeUrl, options = {}) => walk(authorizeUrl, options),
    endSession: (url) => walk(url, { noInteraction: true }),
    cookieNames: (host) => jar.names(host),
    clearCookies: () => jar.clear(),
  };
}
