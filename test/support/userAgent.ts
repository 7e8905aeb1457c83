// A browserless user agent for Node integration tests: real fetch, a cookie jar, redirects followed by
// hand, and the IdP's HTML forms submitted the way a user (or the page's auto-submit script) would.

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
  /** Fail with `interaction_required` instead of submitting the login form (a hidden iframe cannot). */
  noInteraction?: boolean;
  /** Send and keep no cookies (a cross-site iframe); implies `noInteraction`. */
  anonymous?: boolean;
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

interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number;
}

const MAX_HOPS = 25;

class CookieJar {
  private cookies: Cookie[] = [];

  store(url: URL, setCookies: string[]): void {
    for (const header of setCookies) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const cookie: Cookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        host: url.hostname,
        path: defaultPath(url.pathname),
        expiresAt: Number.POSITIVE_INFINITY,
      };
      for (const attribute of attributes) {
        const [key = "", value = ""] = attribute.split("=", 2);
        const name = key.toLowerCase();
        if (name === "path" && value.startsWith("/")) cookie.path = value;
        else if (name === "max-age") cookie.expiresAt = Date.now() + Number(value) * 1000;
        else if (name === "expires" && cookie.expiresAt === Number.POSITIVE_INFINITY) cookie.expiresAt = Date.parse(value);
      }
      this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path));
      if (cookie.expiresAt > Date.now()) this.cookies.push(cookie);
    }
  }

  header(url: URL): string | undefined {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt > now);
    const matching = this.cookies.filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path));
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  names(host: string): string[] {
    const now = Date.now();
    return this.cookies.filter((c) => c.host === host && c.expiresAt > now).map((c) => c.name);
  }

  clear(): void {
    this.cookies = [];
  }
}

// RFC 6265 §5.1.4.
function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf("/");
  return slash <= 0 ? "/" : pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/";
}

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
export function createUserAgent(): UserAgent {
  const jar = new CookieJar();

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
        form.fields.set("password", "dev");
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
