import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnTo } from "../../src/core/session/returnTo";
import { fuzzParameters } from "./arbitraries";

const origins = ["https://app.ok", "http://127.0.0.1:5173", "https://app.ok/deep/page?q=1#h", "https://xn--bcher-kva.ok"];

// Pieces that have turned same-origin checks into open redirects somewhere: slashes and backslashes in every
// spelling, schemes, userinfo, whitespace and control characters the URL parser drops, encoded forms.
const pieces = [
  "/", "//", "///", "\\", "\\\\", "/\\", "\\/", "%2f", "%2F", "%5c", "%09", "%0a", "%00",
  "https:", "http:", "HTTPS:", "javascript:", "JaVaScRiPt:", "data:", "blob:", "file:", "mailto:", "//evil.ok", "evil.ok",
  "@", "user:pw@", "app.ok", "app.ok.evil.ok", "127.0.0.1", "[::1]", ":443", ":8080",
  "\t", "\n", "\r", " ", "\u0000", "\u001f", "\u007f", "\u00a0", "\u2028", "\ufeff", "／", "＼", "。",
  ".", "..", "?", "#", "&", "=", "%", "reports", "a", "é", "%E2%80%AE",
];

const crafted = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(""));
const returnTarget = fc.oneof(
  { weight: 6, arbitrary: crafted },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.constantFrom(...origins).chain((o) => crafted.map((c) => new URL(o).origin + c)) },
  { weight: 1, arbitrary: fc.anything() },
);

describe("fuzz: safeReturnTo", () => {
  it("returns a path starting with one '/' that stays on the app's origin, wherever it is resolved; never throws", () => {
    let offOrigin = 0;
    let thrown = 0;
    fc.assert(
      fc.property(returnTarget, fc.constantFrom(...origins), (target, origin) => {
        let result: string;
        try {
          result = safeReturnTo(target as string, origin);
        } catch (error) {
          thrown += 1;
          throw error;
        }
        const appOrigin = new URL(origin).origin;
        expect(typeof result).toBe("string");
        expect(result).toMatch(/^\/(?![/\\])/);
        expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        // Anything but "/" must come from a target that really points into the app (not merely mapped onto it).
        if (result !== "/") {
          const meant = new URL(target as string, `${appOrigin}/`);
          expect([meant.origin, meant.protocol === "https:" || meant.protocol === "http:"]).toEqual([appOrigin, true]);
        }
        // Resolved from the root and from a deep page of the app, as `location.assign` and a router would.
        for (const base of [`${appOrigin}/`, `${appOrigin}/a/b/c?x=1`]) {
          const landed = new URL(result, base);
          if (landed.origin !== appOrigin) offOrigin += 1;
          expect(landed.origin).toBe(appOrigin);
        }
      }),
      // Found by this property: a blob: URL has the app's origin but its "path" is a whole URL.
      { ...fuzzParameters, numRuns: 50_000, examples: [["blob:HTTPS:app.ok", "https://app.ok"], ["blob:https://app.ok/x", "https://app.ok"]] },
    );
    expect({ offOrigin, thrown }).toEqual({ offOrigin: 0, thrown: 0 });
  });

  it("keeps an ordinary same-origin target intact (not a blanket '/')", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,10}$/).filter((s) => !/^\.+$/.test(s));
    const path = fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.constantFrom("", "?id=1", "?a=b&c=d", "#top", "?q=x#y"))
      .map(([segments, tail]) => `/${segments.join("/")}${tail}`);
    fc.assert(
      fc.property(path, fc.constantFrom(...origins), (p, origin) => {
        expect(safeReturnTo(p, origin)).toBe(p);
        expect(safeReturnTo(new URL(origin).origin + p, origin)).toBe(p);
      }),
      fuzzParameters,
    );
  });
});
