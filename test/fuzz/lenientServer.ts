// The oracle of the fuzz suite, written apart from src/query/baseUrlScope.ts on purpose: instead of asking
// "does the URL look in scope", it asks where a careless server would route it. That server decodes the path
// up to three times, treats backslashes as slashes, drops ";params", ":streams" and anything after a NUL, and
// reads any run of two or more dots as "up one". A credential is in scope only if even that server keeps the
// request under a base URL.

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The path a lenient server routes `pathname` to. */
export function lenientRoute(pathname: string): string {
  let path = pathname;
  for (let round = 0; round < 3; round += 1) path = decodeOnce(path).replace(/\\/g, "/");
  const stack: string[] = [];
  for (const segment of path.split("/")) {
    const core = (segment.split(/[;:\0]/, 1)[0] ?? "").replace(/\s+/g, "");
    if (/^\.{2,}$/.test(core)) stack.pop();
    else if (core !== "." && segment !== "") stack.push(segment);
  }
  return `/${stack.join("/")}`;
}

/** True when a request to `sentUrl` stays under one of `baseUrls` even for a lenient server. */
export function inScopeForLenientServer(sentUrl: string, baseUrls: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(sentUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return false;
  if (url.username !== "" || url.password !== "") return false;
  return baseUrls.some((baseUrl) => {
    const base = new URL(baseUrl);
    if (base.origin !== url.origin) return false;
    const dir = base.pathname.replace(/\/+$/, "");
    if (dir === "") return true;
    const route = lenientRoute(url.pathname);
    return route === dir || route.startsWith(`${dir}/`);
  });
}
