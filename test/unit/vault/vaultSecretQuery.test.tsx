import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import { StrictMode, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { useVaultSecret, vaultSecretQueryOptions } from "../../../src/query/vaultSecretQuery";
import { OidcProvider } from "../../../src/react/OidcProvider";
import { createMockOidc } from "../../../src/testing";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { createStubVault, json, VAULT_URL } from "./stubVault";


function setup() {
  const oidc = createMockOidc({ clients: { app: {}, vault: {} }, tokens: { vault: "upstream-1" }, user: { sub: "alice" } });
  const vault = createStubVault();
  const client = createVaultClient({ oidc, api: "vault", vaultUrl: VAULT_URL, role: "web-app", fetch: vault.fetch });
  const params = { vault: client, path: "users/alice/api" };
  const queryClient = new QueryClient({ defaultOptions: { queries: { retryDelay: 0 } } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <OidcProvider oidc={oidc}>{children}</OidcProvider>
      </QueryClientProvider>
    </StrictMode>
  );
  return { oidc, vault, queryClient, wrapper, params };
}

describe("vaultSecretQueryOptions", () => {
  it("keys the query by user, Vault, role, mount and path, and serves a loader through ensureQueryData", async () => {
    const { vault, queryClient, params } = setup();
    const options = vaultSecretQueryOptions({ ...params, version: 2 });
    expect(options.queryKey).toEqual([{ authedApi: "vault", sub: "alice" }, "vault-secret", VAULT_URL, "jwt", "web-app", "secret", "users/alice/api", 2]);
    const secret = await queryClient.ensureQueryData(options);
    expect(secret.data).toEqual({ api_key: "k" });
    expect(vault.calls.at(-1)?.path).toBe("/v1/secret/data/users/alice/api?version=2");
  });

  it("does not retry a 403, a 404 or a 400, retries a 5xx", async () => {
    const { vault, queryClient, params } = setup();
    vault.onData = () => json(404, { errors: [] });
    await expect(queryClient.fetchQuery(vaultSecretQueryOptions(params))).rejects.toMatchObject({ code: "vault_not_found" });
    expect(vault.calls.filter((c) => c.path.startsWith("/v1/secret/"))).toHaveLength(1);
    vault.calls.length = 0;
    vault.onData = () => json(400, { errors: ["check-and-set parameter did not match the current version"] });
    await expect(queryClient.fetchQuery(vaultSecretQueryOptions({ ...params, path: "users/alice/cas" }))).rejects.toMatchObject({
      code: "vault_request_failed",
    });
    expect(vault.calls.filter((c) => c.path.startsWith("/v1/secret/"))).toHaveLength(1);
    vault.calls.length = 0;
    vault.onData = () => json(503, { errors: ["Vault is sealed"] });
    const options = vaultSecretQueryOptions({ ...params, path: "users/alice/other" });
    const failing = queryClient.fetchQuery({ ...options, retryDelay: 0 });
    await expect(failing).rejects.toMatchObject({ code: "vault_unreachable", errors: ["Vault is sealed"] });
    expect(vault.calls.filter((c) => c.path.startsWith("/v1/secret/"))).toHaveLength(3);
  });
});

describe("useVaultSecret", () => {
  it("reads the secret through the client it is given", async () => {
    const { vault, wrapper, params } = setup();
    const { result } = renderHook(() => useVaultSecret(params), { wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.data).toEqual({ api_key: "k" });
    expect(vault.logins()).toHaveLength(1);
  });

  it("surfaces vault_permission_denied as the query error", async () => {
    const { vault, wrapper, params } = setup();
    vault.onData = () => json(403, { errors: ["permission denied"] });
    const { result } = renderHook(() => useVaultSecret({ ...params, path: "users/bob/api" }), { wrapper });
    await waitFor(() => expect(result.current.isError).toBe(true));
    expect(result.current.error).toMatchObject({ code: "vault_permission_denied", status: 403 });
  });
});
