import { OidcError } from "../errors.js";
import type { OidcEnvironment } from "../platform/environment.js";
import { DEV } from "../platform/development.js";
import type { ProviderMetadata } from "../protocol/discovery.js";
import { validateIdToken } from "../protocol/idToken.js";
import { isRejectedGrant, processTokenResponse, tokenRequest } from "../protocol/tokenEndpoint.js";
import { clientOf } from "../config.js";
import { grantOwner, strategies } from "../strategies.js";
import type { ResolvedApiClient, ResolvedOidcConfig } from "../types.js";
import type { SilentFrameRunner } from "../platform/environment.js";
import type { Authorizer } from "./authorizer.js";
import { silentAuthorization } from "../session/silentFrames.js";
import type { RefreshGrants } from "./refreshGrants.js";
import { tokenSetFrom, type TokenSet } from "./tokenSet.js";

/** What acquiring a token needs from the instance. */
export interface AcquisitionDeps {
  config: ResolvedOidcConfig;
  env: Pick<OidcEnvironment, "fetch" | "now">;
  /** Runs a silent authorization in a hidden iframe (remembering an IdP that refuses them). */
  runSilently: SilentFrameRunner;
  metadata(): Promise<ProviderMetadata>;
  grants: RefreshGrants;
  authorizer: Authorizer;
  /** Hidden iframes reach the IdP session (same-site); otherwise authorizations are top-level redirect hops. */
  useIframe: boolean;
  /** Starts (or joins) a redirect chain that brings `api`'s authorization back; the page leaves. */
  requestHop(api: string, returnTo: string | undefined): Promise<never>;
  /** A login token that came along (a shared-client API re-authorized the session): hand it to the login machine. */
  adoptLoginToken(set: TokenSet): void;
  sessionSub(): string | undefined;
  /** The response of a silent iframe started for `api` while the login was redeemed (same-site), once; else `undefined`. */
  takeEarlyFrame?(api: string): Promise<string> | undefined;
}

/** The network acquisition of one API's token: the grant's refresh token first, else a silent authorization. */
export function createAcquisition(deps: AcquisitionDeps): (unit: ResolvedApiClient, returnTo?: string) => Promise<TokenSet> {
  const { config, env, grants, authorizer } = deps;
  const login = clientOf(config, config.loginClient);

  async function refreshFor(unit: ResolvedApiClient, owner: ResolvedApiClient): Promise<TokenSet | undefined> {
    if (grants.get(owner.name)?.refreshToken === undefined) return undefined;
    const { scope, resource } = strategies[unit.strategy].refresh(unit);
    const metadata = await deps.metadata();
    try {
      const response = await grants.refresh(owner.name, owner.clientId, async (refreshToken) => {
        const params = { ...unit.extraTokenParams, grant_type: "refresh_token", refresh_token: refreshToken, client_id: owner.clientId, scope, resource };
        const answer = await tokenRequest(env.fetch, metadata.token_endpoint, params, unit.name);
        return processTokenResponse(answer, unit.name, env.now());
      });
      if (response === undefined) return undefined;
      if (response.idToken !== undefined) {
        validateIdToken(response.idToken, { issuer: config.issuer, clientId: owner.clientId, nonce: undefined, sub: deps.sessionSub(), now: env.now(), api: unit.name });
      }
      return tokenSetFrom(response, env.now());
    } catch (error) {
      // A revoked or expired refresh token does not end the IdP session: ask the session instead.
      if (isRejectedGrant(error)) return undefined;
      throw error;
    }
  }

  async function authorizeSilently(owner: ResolvedApiClient, returnTo: string | undefined): Promise<TokenSet> {
    if (!deps.useIframe) return deps.requestHop(owner.name, returnTo);
    const href = await (deps.takeEarlyFrame?.(owner.name) ?? silentAuthorization(authorizer, deps.runSilently, owner));
    const { api, response } = await authorizer.redeem(href);
    grants.hold(api, response);
    return tokenSetFrom(response, env.now());
  }

  return async function acquire(unit, returnTo) {
    const owner = grantOwner(unit, login);
    const refreshed = await refreshFor(unit, owner);
    if (refreshed) return refreshed;
    const authorized = await authorizeSilently(owner, returnTo);
    if (owner === unit) return authorized;
    deps.adoptLoginToken(authorized);
    const minted = await refreshFor(unit, owner);
    if (minted) return minted;
    throw new OidcError(
      "config_invalid",
      `The IdP issued no refresh token to client "${owner.clientId}"` +
        (DEV
          ? `, and "${unit.name}" (${unit.strategy} strategy) is minted from it. Allow refresh tokens for that client at the IdP (often the offline_access scope), or give "${unit.name}" its own clientId.`
          : "."),
      { api: unit.name },
    );
  };
}
