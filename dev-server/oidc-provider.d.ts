// oidc-provider ships no type declarations and @types/oidc-provider is not installed; this is the slice
// of its API the dev IdP uses, written from the v9 source. Loose where the IdP does not look.

declare module "oidc-provider" {
  /** A parsed request parameter: repeated parameters (e.g. `resource`) arrive as arrays. */
  export type ParamValue = string | string[] | undefined;

  /** A registered client as oidc-provider models it. */
  export interface ProviderClient {
    readonly clientId: string;
    readonly clientAuthMethod: string;
    readonly redirectUris: string[];
  }

  /** The End-User's session at the provider. */
  export interface ProviderSession {
    accountId?: string;
    grantIdFor(clientId: string): string | undefined;
  }

  /** A resource server resolved from a resource indicator. */
  export interface ProviderResourceServer {
    readonly scope?: string;
    readonly audience?: string | string[];
    readonly scopes: Set<string>;
    identifier(): string;
  }

  /** Per-request OIDC state (`ctx.oidc`). */
  export interface OIDCContext {
    readonly route?: string;
    readonly params?: Record<string, ParamValue>;
    readonly body?: Record<string, ParamValue>;
    readonly client?: ProviderClient;
    readonly session?: ProviderSession;
    readonly result?: { consent?: { grantId?: string } };
    readonly requestParamScopes: Set<string>;
    readonly requestParamOIDCScopes: Set<string>;
    readonly requestParamClaims: Set<string>;
    readonly resourceServers: Record<string, ProviderResourceServer>;
    readonly provider: Provider;
  }

  /** The part of a Koa context the configuration callbacks and middleware touch. */
  export interface KoaContextWithOIDC {
    readonly oidc: OIDCContext;
    readonly method: string;
    readonly path: string;
    readonly host: string;
    querystring: string;
    status: number;
    body: unknown;
    type: string;
    get(field: string): string;
    set(field: string, value: string): void;
    readonly response: { get(field: string): string };
  }

  /** A Koa middleware mounted with `provider.use` (runs before routing, so `oidc` may be absent). */
  export type ProviderMiddleware = (
    ctx: Omit<KoaContextWithOIDC, "oidc"> & { readonly oidc?: OIDCContext },
    next: () => Promise<void>,
  ) => Promise<void>;

  /** An account as `findAccount` returns it. */
  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  /** A token-ish model passed to hooks (refresh token, authorization code, access token). */
  export interface TokenModel {
    readonly accountId?: string;
    readonly clientId?: string;
    readonly resource?: string | string[];
    readonly scopes: Set<string>;
  }

  /** A consent grant. */
  export interface Grant {
    readonly jti: string;
    readonly accountId: string;
    readonly clientId: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(indicator: string, scope: string): void;
    save(): Promise<string>;
  }

  /** The Grant model class. */
  export interface GrantStatic {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  /** Storage for one model (Session, Grant, AccessToken...). */
  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  /** What the provider stores for a model instance. */
  export interface AdapterPayload {
    [key: string]: unknown;
    grantId?: string;
    userCode?: string;
    uid?: string;
    consumed?: number;
  }

  /** Resource server details returned by `getResourceServerInfo`. */
  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: "opaque" | "jwt";
    jwt?: { sign?: { alg: string } };
  }

  /** A registered client's metadata. */
  export interface ClientMetadata {
    client_id: string;
    token_endpoint_auth_method?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    post_logout_redirect_uris?: string[];
    application_type?: "web" | "native";
  }

  /** The provider configuration (only the members the dev IdP sets). */
  export interface Configuration {
    adapter?: (model: string) => Adapter;
    clients?: ClientMetadata[];
    jwks?: { keys: object[] };
    cookies?: { keys?: string[]; long?: object; short?: object };
    claims?: Record<string, null | string[]>;
    scopes?: string[];
    extraParams?: string[];
    conformIdTokenClaims?: boolean;
    pkce?: { required?: () => boolean };
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: ProviderClient) => boolean;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
    issueRefreshToken?: (ctx: KoaContextWithOIDC, client: ProviderClient, code: TokenModel) => Promise<boolean>;
    rotateRefreshToken?: (ctx: KoaContextWithOIDC) => boolean;
    extraTokenClaims?: (ctx: KoaContextWithOIDC, token: TokenModel) => Promise<Record<string, unknown> | undefined>;
    renderError?: (ctx: KoaContextWithOIDC, out: Record<string, string>, error: Error) => Promise<void>;
    ttl?: Record<string, number | ((ctx: KoaContextWithOIDC, token: unknown, client: unknown) => number)>;
    features?: {
      devInteractions?: { enabled: boolean };
      /** RFC 9449. `nonceSecret`: 32 random bytes, needed for nonces; `requireNonce` asks each request. */
      dPoP?: { enabled: boolean; nonceSecret?: Buffer; requireNonce?: (ctx: KoaContextWithOIDC) => boolean; allowReplay?: boolean };
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (ctx: KoaContextWithOIDC, client: ProviderClient, token: TokenModel) => Promise<boolean>;
      };
      userinfo?: { enabled: boolean };
      rpInitiatedLogout?: {
        enabled: boolean;
        logoutSource?: (ctx: KoaContextWithOIDC, form: string) => Promise<void>;
        postLogoutSuccessSource?: (ctx: KoaContextWithOIDC) => Promise<void>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (ctx: KoaContextWithOIDC, client: ProviderClient, oneOf?: string[]) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: TokenModel) => Promise<boolean>;
        getResourceServerInfo?: (ctx: KoaContextWithOIDC, resourceIndicator: string, client: ProviderClient) => Promise<ResourceServerInfo>;
      };
    };
  }

  /** The provider: a Koa application. */
  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Grant: GrantStatic;
    use(middleware: ProviderMiddleware): this;
    callback(): (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void;
    on(event: "server_error", listener: (ctx: KoaContextWithOIDC, error: Error) => void): this;
  }

  /** Error classes the configuration may throw. */
  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
