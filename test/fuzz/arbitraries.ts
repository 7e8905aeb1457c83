import fc from "fast-check";

/** Every fuzz property runs with this seed and at least this many cases, so a failure replays exactly. */
export const fuzzParameters = { seed: 4242, numRuns: 10_000 } as const;

/** Mostly one of `common`, sometimes one of `rare`: enough valid URLs to reach both sides of a check. */
function mostly<T>(common: readonly T[], rare: readonly T[]): fc.Arbitrary<T> {
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
}

const rareSchemes = ["http://", "HTTPS://", "https:", "https:/", "https:\\\\", "javascript:", "data:", "ftp://", "blob:https://", "//", "/", "\\\\", "/\\", ""];
const rareUserinfos = ["u@", "u:p@", "api.ok@", "evil.ok@", "%40@"];
const rareHosts = ["API.OK", "api.ok.", "api.ok.evil", "evil.ok", "ａｐｉ.ok", "\u0430pi.ok", "api\u3002ok", "bücher.ok", "xn--bcher-kva.ok", "127.0.0.1", "[::1]", "api.ok%2f", "api.ok\\", ""];
const rarePorts = [":443", ":80", ":8443", ":0443", ":", ":65536"];
const rareFirstSegments = ["V1", "v10", "v1-admin", "admin", "", "..", "%2e%2e", "v1%2f..", "v1;x", "files%2f.."];
const rareSegments = [
  "", "..", ".", "...", "%2e%2e", ".%2e", "%2E%2e", "%2e", "%2f", "%2F", "%5c", "%5C", "\\", "..\\", "..;", "..;x=1", "%2e%2e;",
  "%252e%252e", "%252f", "..%00", "%00", "..%20", "..::$DATA", "items:batchGet", "%C3%A9", "é", "@", "\t", "\n", " ", "%",
];
const segments = mostly(["v1", "files", "x", "items"], rareSegments);
const tails = mostly([""], ["?q=1", "#f", "?a=/../admin", "#/../admin", "?", "#"]);

/**
 * URL-ish strings around `baseUrls`: mostly their own host and first segment, with every piece that matters to a
 * scope check (scheme, userinfo, host, port, path segments, separator, tail) sometimes swapped for a tricky one.
 */
export function urlLikeAround(baseUrls: readonly string[]): fc.Arbitrary<string> {
  const bases = baseUrls.map((b) => new URL(b));
  const hosts = [...new Set(bases.map((b) => b.host)), "api.ok"];
  const firsts = [...new Set(bases.map((b) => b.pathname.split("/")[1] ?? "")), "v1"];
  return fc
    .tuple(
      mostly(["https://"], rareSchemes),
      mostly([""], rareUserinfos),
      mostly(hosts, rareHosts),
      mostly([""], rarePorts),
      mostly(firsts, rareFirstSegments),
      fc.array(segments, { maxLength: 5 }),
      mostly(["/"], ["\\"]),
      tails,
    )
    .map(([scheme, userinfo, host, port, first, path, sep, tail]) => `${scheme}${userinfo}${host}${port}/${first}${path.map((s) => sep + s).join("")}${tail}`);
}

/** Relative references, as found in `Location` headers and in app code. */
export const relativeLike: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom("/", "", "./", "../", "//", "\\", "/\\", "?", "#", "/v1/", "v1/"), fc.array(segments, { maxLength: 5 }))
  .map(([start, path]) => start + path.join("/"));

/** Any string a caller or server might hand over around `baseUrls`: structured look-alikes and plain noise. */
export function anyUrlStringAround(baseUrls: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 7, arbitrary: urlLikeAround(baseUrls) },
    { weight: 2, arbitrary: relativeLike },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  );
}

/** How a generated URL is handed to the fetch: the shapes `fetch` accepts and the ones that pretend to be them. */
export type InputShape =
  | { kind: "string"; url: string }
  | { kind: "URL"; url: string }
  | { kind: "Request"; url: string }
  | { kind: "lookAlike"; url: string; toStringUrl: string }
  | { kind: "toPrimitive"; url: string }
  | { kind: "throwingToString" }
  | { kind: "junk"; value: unknown };

/** The shapes of `input` around `baseUrls`, each carrying the URL(s) it is built from. */
export function inputShapeAround(baseUrls: readonly string[]): fc.Arbitrary<InputShape> {
  const url = anyUrlStringAround(baseUrls);
  return fc.oneof(
    { weight: 4, arbitrary: url.map((u): InputShape => ({ kind: "string", url: u })) },
    { weight: 2, arbitrary: url.map((u): InputShape => ({ kind: "URL", url: u })) },
    { weight: 2, arbitrary: url.map((u): InputShape => ({ kind: "Request", url: u })) },
    { weight: 3, arbitrary: fc.record({ url, toStringUrl: url }).map((r): InputShape => ({ kind: "lookAlike", ...r })) },
    { weight: 1, arbitrary: url.map((u): InputShape => ({ kind: "toPrimitive", url: u })) },
    { weight: 1, arbitrary: fc.constant<InputShape>({ kind: "throwingToString" }) },
    { weight: 1, arbitrary: fc.anything().map((value): InputShape => ({ kind: "junk", value })) },
  );
}

/**
 * The value to pass as `input`. `URL` and `Request` fall back to the string when the string does not parse (the
 * constructor would throw in the test, not in the code under test).
 */
export function buildInput(shape: InputShape, origin: string): unknown {
  switch (shape.kind) {
    case "string":
      return shape.url;
    case "URL":
    case "Request":
      try {
        const url = new URL(shape.url, origin);
        return shape.kind === "URL" ? url : new Request(url);
      } catch {
        return shape.url;
      }
    case "lookAlike":
      return { url: shape.url, href: shape.url, headers: new Headers(), toString: () => shape.toStringUrl };
    case "toPrimitive":
      return { [Symbol.toPrimitive]: () => shape.url, toString: () => "https://api.ok/v1/decoy" };
    case "throwingToString":
      return {
        toString() {
          throw new Error("no");
        },
      };
    case "junk":
      return shape.value;
  }
}

/** The `init` a caller might pass: nothing, odd methods, a body on GET, headers, a redirect mode. */
export const initShape: fc.Arbitrary<RequestInit | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "get", "post", "CONNECT", "TRACE", "x y", ""),
        body: fc.constantFrom(undefined, "payload", ""),
        headers: fc.constantFrom<HeadersInit | undefined>(undefined, { "x-a": "1" }, { Authorization: "Bearer caller" }, { "bad name": "x" }),
        redirect: fc.constantFrom<RequestRedirect | undefined>(undefined, "follow", "manual", "error"),
      },
      { requiredKeys: [] },
    ),
  },
);
