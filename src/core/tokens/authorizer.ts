import { OidcError, type OidcErrorCode } from "../errors";
import type { OidcEnvironment } from "../platform/environment";
import { authorizationUrl } from "../protocol/authorizationRequest";
import { checkResponseIssuer, parseAuthorizationResponse, type AuthorizationResponse } from "../protocol/authorizationResponse";
import type { ProviderMetadata } from "../protocol/discovery";
import { validateIdToken } from "../protocol/idToken";
import { randomToken } from "../protocol/pkce";
import { processTokenResponse, tokenRequest, type TokenResponse } from "../protocol/tokenEndpoint";
import type { PendingAuthorizations } from "../session/pendingAuthorizations";
import { clientOf } from "../config";
import { strategies } from "../strategies";
import type { ResolvedApiClient, ResolvedOidcConfig } from "../types";

/** What the authorizer needs from the instance. */
export interface AuthorizerDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "fetch" | "now">;
  metadata(): Promise<ProviderMetadata>;
  pending: PendingAuthorizations;
  /** The signed-in user's `sub`, which a dedicated client's ID token must repeat. */
  sessionSub(): string | undefined;
}

/** A redeemed authorization response. */
export interface Redemption {
  api: string;
  response: TokenResponse;
}

// A Map, not an object literal: an IdP's `error` of "constructor" or "valueOf" must not reach Object.prototype.
const needsUser = new Map<string, OidcErrorCode>([
  ["login_required", "login_required"],
  ["interaction_required", "interaction_required"],
  ["consent_required", "interaction_required"],
  ["account_selection_required", "interaction_required"],
]);

function refusal(response: AuthorizationResponse, api: string): OidcError {
  const error = response.error ?? "unknown_error";
  const detail = response.errorDescription ? `: ${response.errorDescription}` : "";
  return new OidcError(needsUser.get(error) ?? "invalid_callback", `The IdP refused the authorize request for "${api}" (${error}${detail}).`, {
    api,
    cause: { error, error_description: response.errorDescription },
  });
}

/** Authorization-code requests (PKCE, state, nonce) for any API, and the redemption of their responses. */
export class Authorizer {
  private readonly login: ResolvedApiClient;
  private readonly all: ResolvedApiClient[];

  constructor(private readonly deps: AuthorizerDeps) {
    this.all = Object.values(deps.config.clients);
    this.login = clientOf(deps.config, deps.config.loginClient);
  }

  /** The authorization URL for `unit` and the `state` it carries; `prompt: "none"` for a silent request. */
  async request(unit: ResolvedApiClient, prompt: string | undefined): Promise<{ url: string; state: string }> {
    const params = strategies[unit.strategy].authorize(unit, this.login, this.all);
    const owner = params.clientId === this.login.clientId && strategies[unit.strategy].mintedFromSession ? this.login : unit;
    const metadata = await this.deps.metadata();
    const nonce = params.scope.split(" ").includes("openid") ? randomToken(16) : undefined;
    const { state, codeVerifier } = this.deps.pending.create({ api: owner.name, clientId: params.clientId, nonce, tokenResource: params.tokenResource });
    const url = await authorizationUrl({
      authorizationEndpoint: metadata.authorization_endpoint,
      clientId: params.clientId,
      redirectUri: this.deps.config.redirectUri,
      scope: params.scope,
      state,
      codeVerifier,
      nonce,
      prompt,
      resources: params.resources,
      audience: params.audience,
      extra: {},
    });
    return { url, state };
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
      throw new OidcError("invalid_callback", "This authorization response was not started by this app (unknown state).");
    }
    const api = unit.name;
    const metadata = await this.deps.metadata();
    checkResponseIssuer(parsed, this.deps.config.issuer, metadata.authorization_response_iss_parameter_supported, api);
    if (parsed.error !== undefined || parsed.code === undefined) throw refusal(parsed, api);
    const now = this.deps.env.now();
    const response = await processTokenResponse(
      await tokenRequest(
        this.deps.env.fetch,
        metadata.token_endpoint,
        {
          grant_type: "authorization_code",
          code: parsed.code,
          redirect_uri: this.deps.config.redirectUri,
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
