function parse(url: string, origin: string | undefined): URL | undefined {
  try {
    return origin === undefined ? new URL(url) : new URL(url, origin);
  } catch {
    return undefined;
  }
}

/** The page's origin, or `undefined` outside a browser (then only absolute URLs can be checked). */
export function pageOrigin(): string | undefined {
  const origin = typeof location === "undefined" ? undefined : location.origin;
  return origin && origin !== "null" ? origin : undefined;
}

/**
 * True when `url` lies under `baseUrl`: same origin (scheme, host, port) and a path equal to the base path or
 * below it on a segment boundary, so `https://api.example/v1` admits `/v1/x` but not `/v10` and
 * `https://api.example` does not admit `https://api.example.evil.com`. Relative URLs resolve against `origin`.
 */
export function isUnderBaseUrl(url: string, baseUrl: string, origin: string | undefined): boolean {
  const target = parse(url, origin);
  const base = parse(baseUrl, origin);
  if (!target || !base || target.origin === "null" || target.origin !== base.origin) return false;
  if (target.username !== "" || target.password !== "") return false;
  const prefix = base.pathname.endsWith("/") ? base.pathname : `${base.pathname}/`;
  if (prefix === "/") return true;
  // A server that decodes %2F or %5C before routing would walk out of the prefix ("/v1/..%2Fadmin").
  if (/%2f|%5c/i.test(target.pathname)) return false;
  return target.pathname === base.pathname || `${target.pathname}/` === prefix || target.pathname.startsWith(prefix);
}

/** The entries of `baseUrls` that are not http(s) URLs (paths count when an `origin` resolves them). */
export function invalidBaseUrls(baseUrls: readonly string[], origin: string | undefined): string[] {
  return baseUrls.filter((baseUrl) => {
    const parsed = parse(baseUrl, origin);
    return !parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:");
  });
}
