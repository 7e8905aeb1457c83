import { OidcClient, WebStorageStateStore, type OidcMetadata } from "oidc-client-ts";
import { OidcError } from "./errors";

/** One oidc-client-ts `OidcClient` per OAuth client id, all sharing one discovery fetch. */
export class OidcClients {
  private metadata: Promise<Partial<OidcMetadata>> | undefined;
  private readonly clients = new Map<string, Promise<OidcClient>>();

  constructor(
    private readonly issuer: string,
    private readonly redirectUri: string,
    private readonly postLogoutRedirectUri: string,
    private readonly storage: Storage,
    private readonly keyPrefix: string,
  ) {}

  /** Storage prefix of the login requests (state + PKCE verifier) made for `clientId`. */
  statePrefix(clientId: string): string {
    return `${this.keyPrefix}state.${clientId}.`;
  }

  /** The client id whose pending login request created `state`, if any. */
  ownerOfState(state: string, clientIds: Iterable<string>): string | undefined {
    for (const clientId of clientIds) {
      if (this.storage.getItem(this.statePrefix(clientId) + state) !== null) return clientId;
    }
    return undefined;
  }

  /** The custom data stored with the login request that created `state`. */
  stateData(clientId: string, state: string): Record<string, unknown> | undefined {
    try {
      const stored = JSON.parse(this.storage.getItem(this.statePrefix(clientId) + state) ?? "null") as { data?: unknown } | null;
      return typeof stored?.data === "object" && stored.data !== null ? (stored.data as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  get(clientId: string): Promise<OidcClient> {
    let client = this.clients.get(clientId);
    if (!client) {
      client = this.discover().then(
        (metadata) =>
          new OidcClient({
            authority: this.issuer,
            metadata,
            client_id: clientId,
            redirect_uri: this.redirectUri,
            post_logout_redirect_uri: this.postLogoutRedirectUri,
            response_type: "code",
            loadUserInfo: false,
            stateStore: new WebStorageStateStore({ store: this.storage, prefix: this.statePrefix(clientId) }),
          }),
      );
      this.clients.set(clientId, client);
    }
    return client;
  }

  private discover(): Promise<Partial<OidcMetadata>> {
    this.metadata ??= fetch(`${this.issuer}/.well-known/openid-configuration`)
      .then((response) => {
        if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
        return response.json() as Promise<Partial<OidcMetadata>>;
      })
      .catch((cause: unknown) => {
        this.metadata = undefined; // let the next call try again
        throw new OidcError("idp_unreachable", `Could not read the IdP's discovery document at ${this.issuer}.`, { cause });
      });
    return this.metadata;
  }
}
