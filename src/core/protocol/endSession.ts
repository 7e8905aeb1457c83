/** What an RP-initiated logout request says (OpenID Connect RP-Initiated Logout 1.0). */
export interface EndSessionParams {
  endSessionEndpoint: string;
  clientId: string;
  idTokenHint: string | undefined;
  postLogoutRedirectUri: string;
  state: string;
}

/** The IdP's end-session URL, asking it to come back to the app (`state` is what some IdPs require for that). */
export function endSessionUrl(params: EndSessionParams): string {
  const url = new URL(params.endSessionEndpoint);
  url.searchParams.set("client_id", params.clientId);
  url.searchParams.set("post_logout_redirect_uri", params.postLogoutRedirectUri);
  url.searchParams.set("state", params.state);
  if (params.idTokenHint !== undefined) url.searchParams.set("id_token_hint", params.idTokenHint);
  return url.href;
}
