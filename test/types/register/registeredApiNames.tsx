// Type tests, run by `tsc -p test/types/register` (never executed): with an instance registered, every hook and
// helper accepts only its client names. Each `@ts-expect-error` fails the typecheck if the name is accepted.
import { useQueryClient } from "@tanstack/react-query";
import { createOidc, useApiToken, useOidcInstance, type RegisteredApi } from "react-oidc-apis";
import {
  authedQueryKey,
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

export const vault = createVaultClient({ oidc, api: "vault", vaultUrl: "https://vault.example", role: "web" });

export function Hooks(): null {
  useApiToken("vault");
  // @ts-expect-error not a client of the registered instance
  useApiToken("nope");

  const instance = useOidcInstance();
  void instance.getApiToken("files");
  // @ts-expect-error not a client of the registered instance
  void instance.getApiToken("nope");

  useAuthedQuery({ api: "files", queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the registered instance
  useAuthedQuery({ api: "nope", queryKey: ["list"], queryFn: () => 1 });
  useAuthedSuspenseQuery({ api: "files", queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the registered instance
  useAuthedSuspenseQuery({ api: "nope", queryKey: ["list"], queryFn: () => 1 });
  // The types come from mutationFn: no explicit generics.
  const mutation = useAuthedMutation({ api: "files", mutationFn: async (name: string) => name.length });
  mutation.mutate("report.pdf");
  const length: number | undefined = mutation.data;
  void length;
  // @ts-expect-error the variables are a string, as mutationFn says
  mutation.mutate(42);
  // @ts-expect-error not a client of the registered instance
  useAuthedMutation({ api: "nope", mutationFn: async (name: string) => name });
  // @ts-expect-error an API is always named: there is no default
  useAuthedQuery({ queryKey: ["list"], queryFn: () => 1 });

  const token = useVaultToken(vault);
  const status: "idle" | "loading" | "ready" | "error" = token.status;
  void status;
  // @ts-expect-error a Vault hook takes the client made by createVaultClient, not its options
  useVaultToken({ api: "vault", vaultUrl: "https://vault.example", role: "web" });
  useVaultSecret({ vault, path: "users/alice" });
  // @ts-expect-error a Vault secret is read through a client
  useVaultSecret({ api: "vault", vaultUrl: "https://vault.example", role: "web", path: "users/alice" });

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
  authedQueryOptions(oidc, { api: "files", queryKey: ["list"], queryFn: () => 1 });
  // @ts-expect-error not a client of the instance
  authedQueryOptions(oidc, { api: "nope", queryKey: ["list"], queryFn: () => 1 });
  authedQueryKey("files", ["list"]);
  // @ts-expect-error not a client of the registered instance
  authedQueryKey("nope", ["list"]);
  createVaultClient({ oidc, api: "vault", vaultUrl: "https://vault.example", role: "web" });
  // @ts-expect-error not a client of the instance
  createVaultClient({ oidc, api: "nope", vaultUrl: "https://vault.example", role: "web" });
  // @ts-expect-error the API is required: no default "vault"
  createVaultClient({ oidc, vaultUrl: "https://vault.example", role: "web" });
  vaultSecretQueryOptions({ vault, path: "users/alice" });
}
