import { OidcError } from "../errors.js";
import type { FetchFunction } from "../platform/environment.js";
import type { NonceMemory } from "./nonceMemory.js";
import { createProof, type DpopKey } from "./proof.js";

/** What the token endpoint wrapper needs. */
export interface TokenEndpointProofDeps {
  /** The fetch underneath (the IdP's, observed by the retry schedule). */
  send: FetchFunction;
  /** The key of a DPoP client, `undefined` for any other client id. */
  keyOf(clientId: string): Promise<DpopKey> | undefined;
  nonces: NonceMemory;
  now(): number;
}

async function jsonField(response: Response, field: string): Promise<unknown> {
  try {
    const body: unknown = await response.clone().json();
    return typeof body === "object" && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A fetch for the IdP that gives every token request of a DPoP client (a form whose `client_id` is one) a fresh proof
 * with that client's key (RFC 9449 §5), answers the IdP's `use_dpop_nonce` with one retry carrying its nonce (§8),
 * keeps the latest nonce the IdP gave, and refuses a token that came back as anything but `token_type` `DPoP`
 * (`dpop_failed`: the IdP does not bind this client's tokens, so they would travel as bearer tokens).
 * Every other request passes through untouched.
 */
export function proveTokenRequests(deps: TokenEndpointProofDeps): FetchFunction {
  return async (url, init) => {
    const form = init?.body instanceof URLSearchParams ? init.body : undefined;
    const clientId = form?.get("client_id");
    const key = clientId ? deps.keyOf(clientId) : undefined;
    if (key === undefined) return deps.send(url, init);
    const signer = await key;
    const send = async (): Promise<Response> => {
      const headers = new Headers(init?.headers);
      headers.set("DPoP", await createProof(signer, { method: init?.method ?? "GET", url, nowMs: deps.now(), nonce: deps.nonces.get(url) }));
      const response = await deps.send(url, { ...init, headers });
      deps.nonces.remember(url, response);
      return response;
    };
    let response = await send();
    if (response.status === 400 && response.headers.has("dpop-nonce") && (await jsonField(response, "error")) === "use_dpop_nonce") {
      void response.body?.cancel().catch(() => undefined);
      response = await send();
    }
    if (response.ok) {
      const tokenType = await jsonField(response, "token_type");
      if (typeof tokenType !== "string" || tokenType.toLowerCase() !== "dpop") {
        throw new OidcError(
          "dpop_failed",
          `The IdP answered token_type ${JSON.stringify(tokenType)} to a DPoP proof of client "${clientId}": it does not bind this client's tokens. ` +
            "Enable DPoP for the client at the IdP, or remove dpop: true.",
          { cause: response },
        );
      }
    }
    return response;
  };
}
