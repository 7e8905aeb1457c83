import { vi } from "vitest";

/** A recording fetch stub: each call is turned into a Request (so tests read headers) and answered by `respond`. */
export function stubFetch(respond: (request: Request, index: number) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return respond(request, requests.length - 1);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
