import { describe, expect, it } from "vitest";
import { isUnderBaseUrl } from "../../../src/query/baseUrlScope";

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
