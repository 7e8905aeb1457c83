// Type tests, run by `tsc -p test/types/register` (never executed): with an instance registered, every hook and
// helper accepts only its client names. Each `@ts-expect-error` fails the typecheck if the name is accepted.
import { useQueryClient } from "@tanstack/react-query";
import { createOidc, useApiToken, useOidcInstance, type RegisteredApi } from "react-oidc-apis";
import {
  authedQueryOptions,
  createTokenBoundFetch,
  useAuthedMutation,
  useAuthedQuery,
  useAuthedSuspenseQuery,
  useVaultSecret,
  vaultSecretQueryOptions,
} from "react-oidc-apis/query";
import { createVaultClient, useVaultToken } from "react-oidc-apis/vault";

export const oidc = createOidc({
  issuer: "https://idp.example",
  clients: {
    app: { clientId: "app" },
    vault: { clientId: "app-vault" },
    files: { clientId: "app", resource: "https://files.example" },
  },
});

declare module "react-oidc-apis" {
  interface Register {
    oidc: typeof oidc;
  }
}

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const registeredNames: Equal<RegisteredApi, "app" | "vault" | "files"> = true;

export function Hooks(): null {
  useApiToken("vault");
  // @ts-expect-error not a client of the registered instance
  useApiToken("nope");

  const instance = useOidcInstance();
  void instance.getApiToken("files");
  // @ts-expect-error not a client of the registered instance
  void instance.getApiToken("nope");

  useAuthedQuery("files", { queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the registered instance
  useAuthedQuery("nope", { queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the registered instance
  useAuthedSuspenseQuery("nope", { queryKey: ["list"], queryFn: () => 1 });
  useAuthedMutation("files", { mutationFn: async (name: string) => name });
  // @ts-expect-error not a client of the registered instance
  useAuthedMutation("nope", { mutationFn: async (name: string) => name });

  useVaultToken({ api: "vault", vaultUrl: "https://vault.example", role: "web" });
  // @ts-expect-error not a client of the registered instance
  useVaultToken({ api: "nope", vaultUrl: "https://vault.example", role: "web" });
  // @ts-expect-error not a client of the registered instance
  useVaultSecret({ api: "nope", vaultUrl: "https://vault.example", role: "web", path: "users/alice" });

  useQueryClient();
  return null;
}

export async function helpers(): Promise<void> {
  await oidc.getApiToken("vault");
  // @ts-expect-error not a client of the instance
  await oidc.getApiToken("nope");
  createTokenBoundFetch(oidc, "files");
  // @ts-expect-error not a client of the instance
  createTokenBoundFetch(oidc, "nope");
  authedQueryOptions(oidc, "files", { queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the instance
  authedQueryOptions(oidc, "nope", { queryKey: ["list"], queryFn: () => 1 });
  createVaultClient({ oidc, api: "vault", vaultUrl: "https://vault.example", role: "web" });
  // @ts-expect-error not a client of the instance
  createVaultClient({ oidc, api: "nope", vaultUrl: "https://vault.example", role: "web" });
  vaultSecretQueryOptions(oidc, { api: "vault", vaultUrl: "https://vault.example", role: "web", path: "users/alice" });
  // @ts-expect-error not a client of the instance
  vaultSecretQueryOptions(oidc, { api: "nope", vaultUrl: "https://vault.example", role: "web", path: "users/alice" });
}
