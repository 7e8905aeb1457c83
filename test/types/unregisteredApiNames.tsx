// Type tests, run by the main typecheck (never executed): without a registered instance, API names are plain strings.
import type { RegisteredApi } from "react-oidc-apis";
import { useApiToken, useOidcInstance } from "react-oidc-apis";
import { authedQueryKey, useAuthedMutation, useAuthedQuery } from "react-oidc-apis/query";
import { useVaultToken, type VaultClient } from "react-oidc-apis/vault";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const unregisteredNames: Equal<RegisteredApi, string> = true;

export function Hooks({ api, vault }: { api: string; vault: VaultClient }): null {
  useApiToken(api);
  useApiToken("any-name");
  void useOidcInstance().getApiToken(api);
  useAuthedQuery({ api, queryKey: ["list"], queryFn: () => 1 });
  useAuthedMutation({ api: "any-name", mutationFn: async (name: string) => name });
  authedQueryKey(api, ["list"]);
  useVaultToken(vault);
  return null;
}
