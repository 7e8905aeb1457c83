import { describe, expect, it } from "vitest";
import { safeReturnTo } from "../../../src/core/session/returnTo";

const origin = "https://app.example";

describe("safeReturnTo", () => {
  it.each([
    ["/reports?id=1#top", "/reports?id=1#top"],
    ["/", "/"],
    ["reports", "/reports"],
    ["https://app.example/a/b?c=d", "/a/b?c=d"],
    ["https://APP.example:443/x", "/x"],
    ["https://app.example//evil.com/x", "/evil.com/x"],
    ["/%2F%2Fevil.com", "/%2F%2Fevil.com"],
    // Same scheme as the base: the URL parser reads it as the relative path "evil.com".
    ["https:evil.com", "/evil.com"],
  ])("keeps the same-origin target %s as %s", (url, expected) => {
    expect(safeReturnTo(url, origin)).toBe(expected);
  });

  it.each([
    "//evil.com",
    "///evil.com",
    "https://evil.com/x",
    "https://app.example.evil.com/",
    "https://app.example@evil.com/",
    "http://app.example/x",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com",
    " //evil.com",
    "http:evil.com",
    "",
    null,
    undefined,
  ])("falls back to / for %j", (url) => {
    expect(safeReturnTo(url, origin)).toBe("/");
  });

  it("accepts any URL of the app as origin and refuses an opaque origin", () => {
    expect(safeReturnTo("/x", "https://app.example/some/page?q=1")).toBe("/x");
    expect(safeReturnTo("/x", "about:blank")).toBe("/");
    expect(safeReturnTo("/x", "not a url")).toBe("/");
  });
});
