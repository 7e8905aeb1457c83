// @vitest-environment node
import { describe, expect, it } from "vitest";
import { NonceMemory } from "../../../../src/core/dpop/nonceMemory";

describe("NonceMemory", () => {
  it("keeps the latest DPoP-Nonce per origin, from any response", () => {
    const nonces = new NonceMemory();
    expect(nonces.remember("https://idp.example/token", new Response(null, { status: 400, headers: { "DPoP-Nonce": "a" } }))).toBe("a");
    nonces.remember("https://idp.example/other", new Response("{}", { status: 200, headers: { "DPoP-Nonce": "b" } }));
    expect(nonces.get("https://idp.example/token?x")).toBe("b");
    expect(nonces.get("https://api.example/")).toBeUndefined();
    nonces.remember("https://idp.example/token", new Response(null, { status: 200 }));
    expect(nonces.get("https://idp.example/token")).toBe("b");
  });

  it("ignores a nonce that cannot go into a proof, and forgets all on clear", () => {
    const nonces = new NonceMemory();
    nonces.remember("https://idp.example/", new Response(null, { headers: { "DPoP-Nonce": 'a"b' } }));
    expect(nonces.get("https://idp.example/")).toBeUndefined();
    nonces.set("https://idp.example/", "ok");
    nonces.clear();
    expect(nonces.get("https://idp.example/")).toBeUndefined();
  });
});
