import { codeChallengeS256 } from "./pkce.js";

/** Everything one authorization request says. */
export interface AuthorizationRequestParams {
  authorizationEndpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeVerifier: string;
  /** Sent when the scope asks for `openid`; checked in the returned ID token. */
  nonce: string | undefined;
  /** `none` for a silent request; `undefined` lets the IdP interact. */
  prompt: string | undefined;
  /** RFC 8707 resource indicators. */
  resources: string[];
  /** Auth0-style `audience`. */
  audience: string | undefined;
  /** Further parameters the app asked for (`login_hint`, `ui_locales`, ...). */
  extra: Record<string, string>;
}

/** The URL of an authorization-code request with PKCE (S256). */
export async function authorizationUrl(params: AuthorizationRequestParams): Promise<string> {
  const url = new URL(params.authorizationEndpoint);
  const query = url.searchParams;
  for (const [name, value] of Object.entries(params.extra)) query.set(name, value);
  query.set("client_id", params.clientId);
  query.set("redirect_uri", params.redirectUri);
  query.set("response_type", "code");
  query.set("scope", params.scope);
  query.set("state", params.state);
  query.set("code_challenge", await codeChallengeS256(params.codeVerifier));
  query.set("code_challenge_method", "S256");
  if (params.nonce !== undefined) query.set("nonce", params.nonce);
  if (params.prompt !== undefined) query.set("prompt", params.prompt);
  if (params.audience !== undefined) query.set("audience", params.audience);
  for (const resource of params.resources) query.append("resource", resource);
  return url.href;
}
