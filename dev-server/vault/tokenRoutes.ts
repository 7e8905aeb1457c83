import { ok, permissionDenied, vaultTime, type VaultReply } from "./http";
import { isAllowed, type PolicyRule } from "./policy";
import type { VaultRequest } from "./request";
import { authBlock, parseDurationSeconds, type createTokenStore } from "./tokenStore";

type TokenStore = ReturnType<typeof createTokenStore>;

/** `auth/token/lookup-self`, `renew-self` and `revoke-self`; `undefined` for other paths. */
export async function tokenSelfRoute(
  req: VaultRequest,
  store: TokenStore,
  policies: Record<string, PolicyRule[]>,
): Promise<VaultReply | undefined> {
  const action = /^auth\/token\/(lookup|renew|revoke)-self$/.exec(req.path)?.[1];
  if (!action) return undefined;
  const token = req.token;
  const capability = action === "lookup" && req.method === "GET" ? "read" : "update";
  if (!token || !isAllowed(token, req.path, capability, policies)) return permissionDenied();

  if (action === "lookup") {
    return ok({
      data: {
        accessor: token.accessor,
        creation_time: Math.floor(token.issuedAt / 1000),
        creation_ttl: token.creationTtl,
        display_name: `${token.path.split("/")[1] ?? "jwt"}-${token.aliasName}`,
        entity_id: token.entityId,
        expire_time: vaultTime(token.expiresAt),
        explicit_max_ttl: 0,
        id: token.id,
        issue_time: vaultTime(token.issuedAt),
        meta: { role: token.roleName },
        num_uses: 0,
        orphan: true,
        path: token.path,
        policies: token.policies,
        renewable: true,
        ttl: store.ttlOf(token),
        type: "service",
      },
    });
  }
  if (action === "revoke") {
    store.revoke(token.id);
    return { status: 204 };
  }
  const { body, reply } = await req.readBody();
  if (reply) return reply;
  store.renew(token, parseDurationSeconds(body.increment));
  return ok({ auth: authBlock(token, store.ttlOf(token)) });
}
