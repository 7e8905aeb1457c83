/**
 * True when `request` is a speculative load (link prefetch, prerender, preview) rather than a navigation:
 * `Sec-Purpose: prefetch` (also `prefetch;prerender`), `Purpose: prefetch`, `X-Purpose: preview`, `X-Moz: prefetch`.
 * (`Sec-` headers are set by the browser only, so they reach server-side and framework-mode requests, not `new Request()`.)
 */
export function isPrefetchRequest(request: Pick<Request, "headers">): boolean {
  const headers = request.headers;
  const purpose = `${headers.get("sec-purpose") ?? ""};${headers.get("purpose") ?? ""}`.toLowerCase();
  if (purpose.split(/[;,]/).some((token) => token.trim() === "prefetch")) return true;
  return headers.get("x-purpose")?.toLowerCase() === "preview" || headers.get("x-moz")?.toLowerCase() === "prefetch";
}
