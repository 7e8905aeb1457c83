// @vitest-environment node
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { OidcError } from "../../../../src/core/errors";
import { NonceMemory } from "../../../../src/core/dpop/nonceMemory";
import { dpopKeyOf, generateDpopKeyPair } from "../../../../src/core/dpop/proof";
import { proveTokenRequests } from "../../../../src/core/dpop/tokenEndpointProofs";

// The wrapper's own decisions, with a scripted server in place of the network (the real IdP: test/integration/core/dpop.test.ts).
const TOKEN = "https://idp.example/token";
const json = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

async function setup(answers: Response[]) {
  const key = dpopKeyOf(await generateDpopKeyPair());
  const sent: { url: string; dpop: string | null }[] = [];
  const nonces = new NonceMemory();
  const fetch = proveTokenRequests({
    send: async (url, init) => {
      sent.push({ url, dpop: new Headers(init?.headers).get("dpop") });
      const answer = answers.shift();
      if (!answer) throw new Error("no more answers");
      return answer;
    },
    keyOf: (clientId) => (clientId === "dpop-client" ? key : undefined),
    nonces,
    now: () => 1_700_000_000_000,
  });
  const form = (clientId: string) => ({ method: "POST", body: new URLSearchParams({ grant_type: "refresh_token", client_id: clientId }) });
  return { fetch, sent, nonces, form };
}

describe("token requests of a DPoP client", () => {
  it("carry a fresh proof for POST at the token endpoint", async () => {
    const { fetch, sent, form } = await setup([json(200, { access_token: "a", token_type: "DPoP" })]);
    expect((await fetch(TOKEN, form("dpop-client"))).status).toBe(200);
    expect(decodeJwt(sent[0]?.dpop ?? "")).toMatchObject({ htm: "POST", htu: TOKEN, iat: 1_700_000_000 });
  });

  it("answer use_dpop_nonce with one retry carrying the nonce, and keep it for the next request", async () => {
    const { fetch, sent, form } = await setup([
      json(400, { error: "use_dpop_nonce" }, { "DPoP-Nonce": "n1" }),
      json(200, { access_token: "a", token_type: "DPoP" }, { "DPoP-Nonce": "n2" }),
      json(200, { access_token: "b", token_type: "dpop" }),
    ]);
    expect((await fetch(TOKEN, form("dpop-client"))).status).toBe(200);
    await fetch(TOKEN, form("dpop-client"));
    expect(sent.map((s) => decodeJwt(s.dpop ?? "").nonce)).toEqual([undefined, "n1", "n2"]);
  });

  it("retry only once: a second use_dpop_nonce is the answer", async () => {
    const { fetch, sent, form } = await setup([
      json(400, { error: "use_dpop_nonce" }, { "DPoP-Nonce": "n1" }),
      json(400, { error: "use_dpop_nonce" }, { "DPoP-Nonce": "n2" }),
    ]);
    expect((await fetch(TOKEN, form("dpop-client"))).status).toBe(400);
    expect(sent).toHaveLength(2);
  });

  it("refuse a token that comes back as Bearer with dpop_failed", async () => {
    const { fetch, form } = await setup([json(200, { access_token: "a", token_type: "Bearer" })]);
    const error = await fetch(TOKEN, form("dpop-client")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OidcError);
    expect((error as OidcError).code).toBe("dpop_failed");
  });

  it("leave other clients' requests and non-form requests untouched", async () => {
    const { fetch, sent, form } = await setup([json(200, { token_type: "Bearer" }), json(200, {})]);
    await fetch(TOKEN, form("other-client"));
    await fetch("https://idp.example/.well-known/openid-configuration");
    expect(sent.map((s) => s.dpop)).toEqual([null, null]);
  });
});
