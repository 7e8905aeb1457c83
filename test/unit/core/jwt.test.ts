import { describe, expect, it } from "vitest";
import { audienceOf, decodeJwtPayload } from "../../../src/core/protocol/jwt";

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("decodeJwtPayload", () => {
  it("reads the claims of a JWT, including non-ASCII text", () => {
    const token = `${encode({ alg: "ES256" })}.${encode({ sub: "åse", aud: ["vault", "x"] })}.sig`;
    expect(decodeJwtPayload(token)).toEqual({ sub: "åse", aud: ["vault", "x"] });
  });

  it.each([["opaque-token"], ["a.b"], ["a.!!!.c"], [`x.${encode([1, 2])}.y`], [`x.${encode("str")}.y`]])(
    "returns undefined for %s",
    (token) => {
      expect(decodeJwtPayload(token)).toBeUndefined();
    },
  );
});

describe("audienceOf", () => {
  it("accepts a string or an array and nothing else", () => {
    expect(audienceOf({ aud: "vault" })).toEqual(["vault"]);
    expect(audienceOf({ aud: ["a", 3, "b"] })).toEqual(["a", "b"]);
    expect(audienceOf({ aud: 3 })).toBeUndefined();
    expect(audienceOf(undefined)).toBeUndefined();
  });
});
