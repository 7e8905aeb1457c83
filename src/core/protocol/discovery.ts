import { OidcError } from "../errors.js";
import type { FetchFunction } from "../platform/environment.js";
import { DEV } from "../platform/development.js";
import { readJsonObject, sendToIdp, transientFailure } from "./http.js";

/** The parts of an OpenID provider's discovery document the kit uses. */
export interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint: string | undefined;
  /** RFC 9207: authorization responses carry `iss`. */
  authorization_response_iss_parameter_supported: boolean;
}

/** Requests `${issuer}/.well-known/openid-configuration`. */
export function discoveryRequest(fetchFn: FetchFunction, issuer: string): Promise<Response> {
  return sendToIdp(fetchFn, `${issuer}/.well-known/openid-configuration`, { headers: { accept: "application/json" } }, "discovery request");
}

const isUrl = (value: unknown): value is string => typeof value === "string" && /^https?:\/\//i.test(value) && URL.canParse(value);

/** Validates a discovery response: 5xx/429 are transient, a document without endpoints is `config_invalid`. */
export async function processDiscoveryResponse(response: Response, now: number): Promise<ProviderMetadata> {
  const transient = transientFailure(response, "discovery request", now);
  if (transient) throw transient;
  const body = response.ok ? await readJsonObject(response) : undefined;
  if (!body || !isUrl(body.authorization_endpoint) || !isUrl(body.token_endpoint)) {
    throw new OidcError(
      "config_invalid",
      `The IdP's discovery document (HTTP ${response.status}) ${DEV ? 'has no usable authorization_endpoint and token_endpoint: is "issuer" the right URL?' : "is not usable."}`,
    );
  }
  return {
    issuer: typeof body.issuer === "string" ? body.issuer : "",
    authorization_endpoint: body.authorization_endpoint,
    token_endpoint: body.token_endpoint,
    end_session_endpoint: isUrl(body.end_session_endpoint) ? body.end_session_endpoint : undefined,
    authorization_response_iss_parameter_supported: body.authorization_response_iss_parameter_supported === true,
  };
}

/** Loads the metadata once; a failed load is forgotten so the next caller tries again. */
export function createMetadataLoader(fetchFn: FetchFunction, issuer: string, now: () => number): () => Promise<ProviderMetadata> {
  let pending: Promise<ProviderMetadata> | undefined;
  return () => {
    pending ??= discoveryRequest(fetchFn, issuer)
      .then((response) => processDiscoveryResponse(response, now()))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
