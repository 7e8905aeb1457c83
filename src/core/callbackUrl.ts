const responseParams = ["code", "state", "error", "error_description", "error_uri", "session_state", "iss"];

/** The `state` of an authorization response carried by `href`, if it carries one. */
export function authorizationResponseState(href: string): string | undefined {
  const params = new URL(href).searchParams;
  const state = params.get("state");
  return state !== null && (params.has("code") || params.has("error")) ? state : undefined;
}

/** `href` without the authorization response parameters, so a reload or bookmark never replays them. */
export function withoutAuthorizationResponse(href: string): string {
  const url = new URL(href);
  for (const name of responseParams) url.searchParams.delete(name);
  return url.href;
}
