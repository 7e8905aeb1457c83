import { silentRequestsUseFrames } from "../config.js";
import { authorizationUrl } from "../protocol/authorizationRequest.js";
import { decodeJwtPayload } from "../protocol/jwt.js";
import { randomToken } from "../protocol/pkce.js";
import { strategies } from "../strategies.js";
import type { ResolvedApiClient } from "../types.js";
import type { AuthorizerDeps } from "./authorizer.js";

// What an authorization request asks for and carries (strategy, hint, PKCE, nonce, redirect URI). Loaded by authorizer.ts
// with the first request: a page that only redeems a response, restores a session or refreshes tokens never sends one.

/** The newest of `tokens` by `iat` (the IdP's issue time), so two grants of one client id give the last one issued. */
function newest(tokens: (string | undefined)[]): string | undefined {
  const issuedAt = (token: string) => Number(decodeJwtPayload(token)?.iat) || 0;
  return tokens.filter((t): t is string => t !== undefined).sort((a, b) => issuedAt(b) - issuedAt(a))[0];
}

/** The ID token a silent request of `owner` (sent as `clientId`) names as `id_token_hint`, and whose it is. */
function hintFor(
  deps: AuthorizerDeps,
  login: ResolvedApiClient,
  all: ResolvedApiClient[],
  owner: ResolvedApiClient,
  clientId: string,
): { idToken: string; source: "own" | "login" } | undefined {
  if (owner.idTokenHint === "none") return undefined;
  // Every grant of this client id: an IdP that checks the hint wants the last ID token it issued to the client.
  const own = newest(all.filter((u) => u.clientId === clientId).map((u) => deps.grants.get(u.name)?.idToken));
  if (own !== undefined) return { idToken: own, source: "own" };
  const loginToken = owner.idTokenHint === "login" ? deps.grants.get(login.name)?.idToken : undefined;
  return loginToken === undefined ? undefined : { idToken: loginToken, source: "login" };
}

/** One authorization request of `Authorizer.request`, whose contract it is: its URL and the `state` it carries. */
export async function authorizationRequest(
  deps: AuthorizerDeps,
  login: ResolvedApiClient,
  all: ResolvedApiClient[],
  unit: ResolvedApiClient,
  prompt: string | undefined,
  params: Readonly<Record<string, string>>,
  statePrefix: string,
): Promise<{ url: string; state: string }> {
  const asked = strategies[unit.strategy].authorize(unit, login, all);
  const owner = asked.clientId === login.clientId && strategies[unit.strategy].mintedFromSession ? login : unit;
  const { prompt: promptParam, ...extra } = { ...owner.extraAuthorizeParams, ...params };
  // RFC 9449 §10: the code can then be redeemed only with this key (kept across the redirect, see dpopKeys).
  const jkt = await deps.dpopJkt?.(asked.clientId);
  if (jkt) extra.dpop_jkt = jkt;
  const effectivePrompt = prompt ?? promptParam;
  const silent = effectivePrompt === "none";
  const hint = silent ? hintFor(deps, login, all, owner, asked.clientId) : undefined;
  const metadata = await deps.metadata();
  const nonce = asked.scope.split(" ").includes("openid") ? randomToken(16) : undefined;
  const { config } = deps;
  // In iframe mode every prompt=none request of the kit runs in a hidden iframe (redirect chains run only without
  // iframes), so it may return to the static silent page; a login, even with params.prompt "none", is top-level.
  const redirectUri = prompt === "none" && silentRequestsUseFrames(config) ? config.silentRedirectUri : config.redirectUri;
  const { state, codeVerifier } = deps.pending.create(
    {
      api: owner.name,
      clientId: asked.clientId,
      nonce,
      tokenResource: asked.tokenResource,
      silent,
      hint: hint?.source,
      redirectUri,
    },
    statePrefix,
  );
  const url = await authorizationUrl({
    authorizationEndpoint: metadata.authorization_endpoint,
    clientId: asked.clientId,
    redirectUri,
    scope: asked.scope,
    state,
    codeVerifier,
    nonce,
    prompt: effectivePrompt,
    resources: asked.resources,
    audience: asked.audience,
    extra: hint ? { ...extra, id_token_hint: hint.idToken } : extra,
  });
  return { url, state };
}
