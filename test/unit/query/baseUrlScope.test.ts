import { describe, expect, it } from "vitest";
import { invalidBaseUrls, isUnderBaseUrl } from "../../../src/query/baseUrlScope";

const origin = "https://app.example";

describe("isUnderBaseUrl", () => {
  it.each([
    ["https://api.example/x", "https://api.example"],
    ["https://api.example", "https://api.example/"],
    ["https://API.example:443/v1/items?q=1#h", "https://api.example/v1"],
    ["https://api.example/v1", "https://api.example/v1"],
    ["https://api.example/v1", "https://api.example/v1/"],
    ["https://api.example/v1/", "https://api.example/v1"],
    ["/api/items", "/api"],
    ["/api/items", "https://app.example/api/"],
  ])("admits %s under %s", (url, base) => {
    expect(isUnderBaseUrl(url, base, origin)).toBe(true);
  });

  it.each([
    ["https://api.example.evil.com/x", "https://api.example"],
    ["https://api.example@evil.com/x", "https://api.example"],
    ["https://user:pw@api.example/x", "https://api.example"],
    ["http://api.example/x", "https://api.example"],
    ["https://api.example:8443/x", "https://api.example"],
    ["https://api.example/v10", "https://api.example/v1"],
    ["https://api.example/v1-admin", "https://api.example/v1/"],
    ["https://api.example/v1/../admin", "https://api.example/v1"],
    ["https://api.example/v1/%2e%2e/admin", "https://api.example/v1"],
    ["https://api.example/v1/..%2Fadmin", "https://api.example/v1"],
    ["https://api.example/v1/..%5cadmin", "https://api.example/v1"],
    ["//evil.com/api", "/api"],
    ["/other", "/api"],
    ["javascript:alert(1)", "https://api.example"],
    ["not a url", "https://api.example"],
  ])("refuses %s under %s", (url, base) => {
    expect(isUnderBaseUrl(url, base, origin)).toBe(false);
  });

  it("cannot resolve a relative URL without an origin", () => {
    expect(isUnderBaseUrl("/api/x", "https://app.example/api", undefined)).toBe(false);
  });
});

describe("isUnderBaseUrl against lenient servers", () => {
  it.each([
    "https://api.example/v1/..;/admin",
    "https://api.example/v1/%2e%2e;jsessionid=1/admin",
    "https://api.example/v1/%252e%252e/admin",
    "https://api.example/v1/..%00/admin",
    "https://api.example/v1/.../admin",
    "https://api.example/v1/..::$DATA/admin",
    "https://api.example/v1/x/%252fadmin",
    "https://api.example/v1/%2e%2e%20/admin",
  ])("refuses %s, which a server could read as leaving /v1", (url) => {
    expect(isUnderBaseUrl(url, "https://api.example/v1", origin)).toBe(false);
  });

  it.each([
    "https://api.example/v1/items:batchGet",
    "https://api.example/v1/files/100%25",
    "https://api.example/v1/a.b/..c/d..",
    "https://api.example/v1/caf%C3%A9",
  ])("still admits the ordinary path %s", (url) => {
    expect(isUnderBaseUrl(url, "https://api.example/v1", origin)).toBe(true);
  });

  it("compares hosts after IDNA mapping, as the request will be sent", () => {
    expect(isUnderBaseUrl("https://xn--bcher-kva.example/v1/x", "https://bücher.example/v1", origin)).toBe(true);
    expect(isUnderBaseUrl("https://ａｐｉ.example/v1/x", "https://api.example/v1", origin)).toBe(true);
    // Cyrillic "а" is another host altogether.
    expect(isUnderBaseUrl("https://\u0430pi.example/v1/x", "https://api.example/v1", origin)).toBe(false);
  });
});

describe("invalidBaseUrls", () => {
  it("lists entries that cannot be a scope", () => {
    const entries = ["https://a.example/v1", "/api", "ftp://a.example", "https://u@a.example", "https://a.example/v1?x=1", "https://a.example/#f", "http://["];
    expect(invalidBaseUrls(entries, origin)).toEqual(["ftp://a.example", "https://u@a.example", "https://a.example/v1?x=1", "https://a.example/#f", "http://["]);
    expect(invalidBaseUrls(["/api"], undefined)).toEqual(["/api"]);
  });
});
