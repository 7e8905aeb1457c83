function parse(url: string, origin: string | undefined): URL | undefined {
  try {
    return origin === undefined ? new URL(url) : new URL(url, origin);
  } catch {
    return undefined;
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === "https:" || url.protocol === "http:";
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Malformed escapes ("100%") are left alone by servers too.
    return text;
  }
}

/**
 * True when a path segment could mean "this folder" or "up one" to a lenient server even though the URL parser
 * kept it as a name: encoded once or twice (`%2e%2e`, `%252e%252e`), with Tomcat-style parameters (`..;x`), a NUL
 * (`..%00`), a colon (`..::$DATA`) or blanks after the dots.
 */
function isDisguisedDotSegment(segment: string): boolean {
  let text = segment;
  // Three rounds cover double encoding; more is not something servers do.
  for (let round = 0; round < 3; round += 1) {
    const core = (text.split(/[;:\0]/, 1)[0] ?? "").replace(/\s+/g, "");
    if (/^\.+$/.test(core)) return true;
    const next = decodeOnce(text);
    if (next === text) return false;
    // A decoded slash or backslash would split the segment on a server that decodes before routing.
    if (/[/\\]/.test(next)) return true;
    text = next;
  }
  return false;
}

/** The page's origin, or `undefined` outside a browser (then only absolute URLs can be checked). */
export function pageOrigin(): string | undefined {
  const origin = typeof location === "undefined" ? undefined : location.origin;
  return origin && origin !== "null" ? origin : undefined;
}

/**
 * True when `url` lies under `baseUrl`: both http(s), same origin (scheme, host, port), no userinfo, and a path
 * equal to the base path or below it on a segment boundary, so `https://api.example/v1` admits `/v1/x` but not
 * `/v10` and `https://api.example` does not admit `https://api.example.evil.com`. Below a base path, segments a
 * lenient server could still read as `..` (`%2e%2e;`, `%252e%252e`, encoded slashes) are refused. Relative URLs
 * resolve against `origin`.
 */
export function isUnderBaseUrl(url: string, baseUrl: string, origin: string | undefined): boolean {
  const target = parse(url, origin);
  const base = parse(baseUrl, origin);
  if (!target || !base || !isHttp(target) || !isHttp(base) || target.origin !== base.origin) return false;
  if (target.username !== "" || target.password !== "") return false;
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  // Under the origin's root every path is in scope, so a traversal cannot leave it.
  if (prefix === "/") return true;
  if (target.pathname === base.pathname || `${target.pathname}/` === prefix) return true;
  if (!target.pathname.startsWith(prefix)) return false;
  // A server that decodes before routing reads "/v1/..%2Fadmin" or "/v1/%2e%2e;/admin" as a way out of the prefix.
  return !target.pathname.slice(prefix.length).split("/").some(isDisguisedDotSegment);
}

/** True when `url` lies under at least one of `baseUrls` (see `isUnderBaseUrl`). */
export function isUnderAnyBaseUrl(url: string, baseUrls: readonly string[], origin: string | undefined): boolean {
  return baseUrls.some((baseUrl) => isUnderBaseUrl(url, baseUrl, origin));
}

/**
 * The entries of `baseUrls` that cannot serve as a scope: not http(s) URLs (paths count when an `origin` resolves
 * them), or carrying userinfo, a query or a fragment, which no request URL is compared on.
 */
export function invalidBaseUrls(baseUrls: readonly string[], origin: string | undefined): string[] {
  return baseUrls.filter((baseUrl) => {
    const parsed = typeof baseUrl === "string" ? parse(baseUrl, origin) : undefined;
    return !parsed || !isHttp(parsed) || parsed.username !== "" || parsed.password !== "" || parsed.search !== "" || parsed.hash !== "";
  });
}
