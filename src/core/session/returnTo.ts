// Control characters are dropped by the URL parser (so "/\t/evil" would become "//evil") and backslashes are
// read as slashes by browsers; both only ever appear in crafted return targets, so refuse rather than guess.
const SUSPICIOUS = /[\u0000-\u001f\u007f\\]/;

/**
 * The same-origin path (path + search + hash) `url` points to, or `"/"` when it leaves `origin`.
 *
 * Accepts a path (`"/reports?id=1"`) or an absolute URL of `origin`; refuses protocol-relative (`"//evil"`),
 * foreign (`"https://evil"`), non-HTTP (`"javascript:"`, `"data:"`) and control-character targets. The result
 * never starts with `"//"`, so it stays a path wherever it is used.
 * @param url - The requested return target, e.g. a `returnTo` query parameter. `null`/`undefined`/`""` give `"/"`.
 * @param origin - The app's origin (or any URL of it), e.g. `location.origin`.
 */
export function safeReturnTo(url: string | null | undefined, origin: string): string {
  if (typeof url !== "string" || url === "" || SUSPICIOUS.test(url)) return "/";
  let appOrigin: string;
  let target: URL;
  try {
    appOrigin = new URL(origin).origin;
    if (appOrigin === "null") return "/";
    target = new URL(url, `${appOrigin}/`);
  } catch {
    return "/";
  }
  // A blob: URL has the origin of the URL inside it ("blob:https://app.example/x"), but its path is that URL.
  if (target.origin !== appOrigin || (target.protocol !== "https:" && target.protocol !== "http:")) return "/";
  // "https://app.example//evil.com" is same-origin, but its path "//evil.com" read back as a URL is not.
  return target.pathname.replace(/^\/{2,}/, "/") + target.search + target.hash;
}
