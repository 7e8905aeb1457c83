// What a consumer project compiles against the packed package: every entry, one call each, and proofs that the
// types are real (each entry refuses a wrong call). Copied into throwaway projects by consumers.mjs.
import { createOidc, useApiToken } from "react-oidc-apis";
import { OidcError } from "react-oidc-apis/core";
import { createVaultClient } from "react-oidc-apis/vault";
import { useAuthedQuery } from "react-oidc-apis/query";
import { enforceLogin } from "react-oidc-apis/router";
import { createMockOidc } from "react-oidc-apis/testing";

export const oidc = createOidc({
  issuer: "https://auth.example.com",
  clients: { app: { clientId: "app" }, vault: { clientId: "app-vault" } },
});

// Each entry refuses one wrong call: an unused @ts-expect-error fails the build, so a type that silently became
// `any` (an import the .d.ts could not resolve, hidden by skipLibCheck) is caught here.
// @ts-expect-error issuer is a string.
createOidc({ issuer: 123, clients: { app: { clientId: "app" } } });
// @ts-expect-error an OidcError needs a known code.
new OidcError("not_a_code", "message");
// @ts-expect-error a Vault client needs its api, vaultUrl and role.
createVaultClient({ oidc });
// @ts-expect-error enforceLogin needs the loader's request.
void enforceLogin(oidc, {});
// @ts-expect-error a mock needs its clients.
createMockOidc({});

/** Calls each hook once, as a component would. */
export function useEverything(): number | undefined {
  const token = useApiToken("app");
  const query = useAuthedQuery({ api: "app", queryKey: ["me"], queryFn: async ({ accessToken }) => accessToken.length });
  // @ts-expect-error an API is named by a string.
  useApiToken(42);
  // @ts-expect-error the query function receives the access token as a string.
  useAuthedQuery({ api: "app", queryKey: ["me"], queryFn: async ({ accessToken }) => accessToken.toFixed() });
  const status: string = token.status;
  return status === "ready" ? query.data : undefined;
}

/** A data-router loader guarded by a login. */
export async function loader({ request }: { request: Request }): Promise<unknown> {
  return enforceLogin(oidc, { request });
}

export const vault = createVaultClient({ oidc, api: "vault", vaultUrl: "https://vault.example.com", role: "app" });
export const mock = createMockOidc({ clients: { app: {} } });
export const isOidcError = (error: unknown): boolean => error instanceof OidcError;

