// The user agent's cookie jar: Set-Cookie headers stored per host, sent back on matching paths.

interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number;
}

/** Cookies by host and path (RFC 6265 matching, enough for one IdP on 127.0.0.1 or localhost). */
export class CookieJar {
  private cookies: Cookie[] = [];

  /** Keep the cookies a response from `url` set (expired ones delete). */
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

  /** The `Cookie` header for a request to `url`, if any cookie matches. */
  header(url: URL): string | undefined {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt > now);
    const matching = this.cookies.filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path));
    return matching.length > 0 ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }

  /** Names of the live cookies of `host`. */
  names(host: string): string[] {
    const now = Date.now();
    return this.cookies.filter((c) => c.host === host && c.expiresAt > now).map((c) => c.name);
  }

  /** Forget every cookie. */
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
