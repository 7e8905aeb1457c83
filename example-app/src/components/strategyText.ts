import type { ResolvedApiClient } from "react-oidc-apis";

/** One line saying how the kit obtains this client's token, in the IdP's terms. */
export function strategyText(client: ResolvedApiClient): string {
  switch (client.strategy) {
    case "login":
      return `Interactive login with client "${client.clientId}" (authorization code + PKCE)`;
    case "dedicated":
      return `Own OIDC client "${client.clientId}": a silent prompt=none authorization on the IdP session (Keycloak style)`;
    case "resource":
      return `RFC 8707: a refresh_token grant of "${client.clientId}" with resource=${client.resource ?? ""}`;
    case "audience":
      return `Auth0 style: a silent authorization of "${client.clientId}" with audience=${client.audience ?? ""}`;
    case "scope":
      return `A refresh_token grant of "${client.clientId}" narrowed to scope "${client.scope}"`;
  }
}

/** Short label of a strategy for badges. */
export const STRATEGY_LABEL: Record<ResolvedApiClient["strategy"], string> = {
  login: "Login client",
  dedicated: "Dedicated client",
  resource: "RFC 8707 resource",
  audience: "Audience",
  scope: "Scope",
};
