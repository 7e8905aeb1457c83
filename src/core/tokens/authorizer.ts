import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
import type { OidcEnvironment } from "../platform/environment.js";
import { authorizationUrl } from "../protocol/authorizationRequest.js";
import { checkResponseIssuer, parseAuthorizationResponse } from "../protocol/authorizationResponse.js";
import type { ProviderMetadata } from "../protocol/discovery.js";
import { validateIdToken } from "../protocol/idToken.js";
import { decodeJwtPayload } from "../protocol/jwt.js";
import { randomToken } from "../protocol/pkce.js";
import { processTokenResponse, tokenRequest, type TokenResponse } from "../protocol/tokenEndpoint.js";
import type { PendingAuthorizations } from "./pendingAuthorizations.js";
import { clientOf, silentRequestsUseFrames } from "../config.js";
import { strategies } from "../strategies.js";
import type { ResolvedApiClient, ResolvedOidcConfig } from "../types.js";
import { refusalError } from "./authorizationRefusal.js";
import type { RefreshGrants } from "./refreshGrants.js";

/** What the authorizer needs from the instance. */
export interface AuthorizerDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "fetch" | "now">;
  metadata(): Promise<ProviderMetadata>;
  pending: PendingAuthorizations;
  /** Where the ID tokens sent as `id_token_hint` are read. */
  grants: Pick<RefreshGrants, "get">;
  /** The signed-in user's `sub`, which a dedicated client's ID token must repeat. */
  sessionSub(): string | undefined;
  /** The RFC 7638 thumbprint of `clientId`'s DPoP key (`dpop_jkt`), `undefined` for a client without DPoP; absent without any. */
  dpopJkt?: ((clientId: string) => Promise<string | undefined>) | undefined;
}

/** A redeemed authorization response. */
export interface Redemption {
  api: string;
  response: TokenResponse;
}

/** The newest of `tokens` by `iat` (the IdP's issue time), so two grants of one client id give the last one issued. */
function newest(tokens: (string | undefined)[]): string | undefined {
  const issuedAt = (token: string) => Number(decodeJwtPayload(token)?.iat) || 0;
  return tokens.filter((t): t is string => t !== undefined).sort((a, b) => issuedAt(b) - issuedAt(a))[0];
}

/** Authorization-code requests (PKCE, state, nonce) for any API, and the redemption of their responses. */
export class Authorizer {
  private readonly login: ResolvedApiClient;
  private readonly all: ResolvedApiClient[];

  constructor(private readonly deps: AuthorizerDeps) {
    this.all = Object.values(deps.config.clients);
    this.login = clientOf(deps.config, deps.config.loginClient);
  }

  /**
   * The authorization URL for `unit` and the `state` it carries; `prompt: "none"` for a silent request, which sends an
   * `id_token_hint` as the client's `idTokenHint` says. `params` (one login's own) add to the client's `extraAuthorizeParams`;
   * `statePrefix` marks the `state` (a popup login's).
   */
  async request(
    unit: ResolvedApiClient,
    prompt: string | undefined,
    params: Readonly<Record<string, string>> = {},
    statePrefix = "",
  ): Promise<{ url: string; state: string }> {
    const asked = strategies[unit.strategy].authorize(unit, this.login, this.all);
    const owner = asked.clientId === this.login.clientId && strategies[unit.strategy].mintedFromSession ? this.login : unit;
    const { prompt: promptParam, ...extra } = { ...owner.extraAuthorizeParams, ...params };
    // RFC 9449 §10: the code can then be redeemed only with this key (kept across the redirect, see dpopKeys).
    const jkt = await this.deps.dpopJkt?.(asked.clientId);
    if (jkt) extra.dpop_jkt = jkt;
    const effectivePrompt = prompt ?? promptParam;
    const silent = effectivePrompt === "none";
    const hint = silent ? this.hintFor(owner, asked.clientId) : undefined;
    const metadata = await this.deps.metadata();
    const nonce = asked.scope.split(" ").includes("openid") ? randomToken(16) : undefined;
    const { config } = this.deps;
    // In iframe mode every prompt=none request of the kit runs in a hidden iframe (redirect chains run only without
    // iframes), so it may return to the static silent page; a login, even with params.prompt "none", is top-level.
    const redirectUri = prompt === "none" && silentRequestsUseFrames(config) ? config.silentRedirectUri : config.redirectUri;
    const { state, codeVerifier } = this.deps.pending.create({
      api: owner.name,
      clientId: asked.clientId,
      nonce,
      tokenResource: asked.tokenResource,
      silent,
      hint: hint?.source,
      redirectUri,
    }, statePrefix);
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

  /** The ID token a silent request of `owner` (sent as `clientId`) names as `id_token_hint`, and whose it is. */
  private hintFor(owner: ResolvedApiClient, clientId: string): { idToken: string; source: "own" | "login" } | undefined {
    if (owner.idTokenHint === "none") return undefined;
    // Every grant of this client id: an IdP that checks the hint wants the last ID token it issued to the client.
    const own = newest(this.all.filter((u) => u.clientId === clientId).map((u) => this.deps.grants.get(u.name)?.idToken));
    if (own !== undefined) return { idToken: own, source: "own" };
    const login = owner.idTokenHint === "login" ? this.deps.grants.get(this.login.name)?.idToken : undefined;
    return login === undefined ? undefined : { idToken: login, source: "login" };
  }

  /** True when `href` carries a response to a request of this instance. */
  isOurs(href: string): boolean {
    const state = parseAuthorizationResponse(href)?.state;
    return state !== undefined && this.deps.pending.has(state);
  }

  /** Redeems the response `href` carries, once; checks `iss` (RFC 9207) before and the ID token after. */
  async redeem(href: string): Promise<Redemption> {
    const parsed = parseAuthorizationResponse(href);
    const entry = parsed ? this.deps.pending.take(parsed.state) : undefined;
    const unit = entry && Object.hasOwn(this.deps.config.clients, entry.api) ? this.deps.config.clients[entry.api] : undefined;
    if (!parsed || !entry || !unit) {
      throw new OidcError("unknown_state", DEV ? "This authorization response was not started by this app (unknown state): nothing was redeemed." : "Unknown state.");
    }
    const api = unit.name;
    const metadata = await this.deps.metadata();
    checkResponseIssuer(parsed, this.deps.config.issuer, metadata.authorization_response_iss_parameter_supported, api);
    if (parsed.code === undefined) {
      const { config } = this.deps;
      throw refusalError(parsed, { unit, clientId: entry.clientId, isLogin: unit === this.login, silent: entry.silent === true, hint: entry.hint, config });
    }
    const now = this.deps.env.now();
    const response = await processTokenResponse(
      await tokenRequest(
        this.deps.env.fetch,
        metadata.token_endpoint,
        {
          ...unit.extraTokenParams,
          grant_type: "authorization_code",
          code: parsed.code,
          // The token endpoint wants the redirect_uri the request carried (RFC 6749 §4.1.3).
          redirect_uri: entry.redirectUri ?? this.deps.config.redirectUri,
          client_id: entry.clientId,
          code_verifier: entry.codeVerifier,
          resource: entry.tokenResource,
        },
        api,
      ),
      api,
      now,
    );
    if (response.idToken !== undefined) {
      validateIdToken(response.idToken, {
        issuer: this.deps.config.issuer,
        clientId: entry.clientId,
        nonce: entry.nonce,
        // The login client may come back as another user (a switch at the IdP); any other client must not.
        sub: unit === this.login ? undefined : this.deps.sessionSub(),
        now,
        api,
      });
    } else if (unit === this.login && entry.nonce !== undefined) {
      throw new OidcError("malformed_token", `The login response for "${api}" has no ID token.`, { api });
    }
    return { api, response };
  }

  /** Forgets a request whose response will never come (a silent request that failed). */
  discard(state: string): void {
    this.deps.pending.discard(state);
  }
}
