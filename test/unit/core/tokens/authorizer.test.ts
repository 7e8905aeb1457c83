import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../../../src/core/config";
import { OidcError } from "../../../../src/core/errors";
import { PendingAuthorizations } from "../../../../src/core/tokens/pendingAuthorizations";
import { Authorizer } from "../../../../src/core/tokens/authorizer";
import { RefreshGrants } from "../../../../src/core/tokens/refreshGrants";
import { MemoryStorage } from "../../../support/testBrowser";

const config = resolveConfig(
  {
    issuer: "https://idp.example",
    clients: {
      app: { clientId: "myapp", extraAuthorizeParams: { ui_locales: "fr" } },
      todos: { clientId: "myapp-todos", scope: "openid todos", idTokenHint: "login" },
      files: { clientId: "myapp", resource: "https://files.example" },
    },
  },
  "https://app.example",
);
const metadata = async () => ({
  issuer: "https://idp.example",
  authorization_endpoint: "https://idp.example/auth",
  token_endpoint: "https://idp.example/token",
  end_session_endpoint: undefined,
  authorization_response_iss_parameter_supported: false,
});
const fakeIdToken = (claims: object) => `e30.${btoa(JSON.stringify(claims)).replace(/=+$/, "")}.sig`;

function setup() {
  const fetched: string[] = [];
  const grants = new RefreshGrants((_name, task) => task(), "t:");
  const authorizer = new Authorizer({
    config,
    env: { now: () => Date.now(), fetch: async (input) => (fetched.push(input), new Response("{}", { status: 500 })) },
    metadata,
    pending: new PendingAuthorizations(new MemoryStorage(), "t:", () => Date.now()),
    grants,
    sessionSub: () => "alice",
  });
  return { authorizer, grants, fetched };
}

describe("Authorizer", () => {
  it("refuses a response to a request it never made with unknown_state, redeeming nothing", async () => {
    const { authorizer, fetched } = setup();
    await expect(authorizer.redeem("https://app.example/?code=c&state=not-ours")).rejects.toMatchObject({ code: "unknown_state" });
    expect(fetched).toEqual([]);
  });

  it("turns an IdP refusal into idp_refused carrying its error and description, explained for a silent request", async () => {
    const { authorizer } = setup();
    const { url, state } = await authorizer.request(config.clients.todos!, "none");
    expect(new URL(url).searchParams.get("prompt")).toBe("none");
    const refusal = await authorizer.redeem(`https://app.example/?error=invalid_request&error_description=id_token+mandatory&state=${state}`).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(OidcError);
    expect(refusal).toMatchObject({ code: "idp_refused", api: "todos", idpError: "invalid_request", idpErrorDescription: "id_token mandatory" });
    expect((refusal as Error).message).toMatch(/Use the resource strategy for "todos"/);
  });

  it("sends the newest ID token of the request's client id as id_token_hint, and the login's only where a client asks for it", async () => {
    const { authorizer, grants } = setup();
    const hintOf = async (api: "app" | "todos" | "files", prompt?: string) =>
      new URL((await authorizer.request(config.clients[api]!, prompt)).url).searchParams.get("id_token_hint");
    const older = fakeIdToken({ aud: "myapp", iat: 100 });
    const newer = fakeIdToken({ aud: "myapp", iat: 200 });
    grants.hold("app", { refreshToken: "r", idToken: older });
    expect(await hintOf("app", "none")).toBe(older);
    expect(await hintOf("files", "none")).toBe(older); // the login client's request, on behalf of a resource
    expect(await hintOf("app")).toBeNull(); // interactive requests carry no hint
    expect(await hintOf("todos", "none")).toBe(older); // idTokenHint "login": none of its own yet
    grants.hold("todos", { refreshToken: "r", idToken: newer });
    expect(await hintOf("todos", "none")).toBe(newer);
  });

  it("adds the client's extra parameters to every request and a login's own on top; prompt comes from the call", async () => {
    const { authorizer } = setup();
    const silent = new URL((await authorizer.request(config.clients.app!, "none")).url).searchParams;
    expect([silent.get("ui_locales"), silent.get("prompt")]).toEqual(["fr", "none"]);
    const login = new URL((await authorizer.request(config.clients.app!, undefined, { prompt: "login", ui_locales: "de" })).url).searchParams;
    expect([login.get("ui_locales"), login.get("prompt"), login.getAll("prompt").length]).toEqual(["de", "login", 1]);
  });
});
