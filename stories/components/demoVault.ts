import type { Oidc } from "react-oidc-apis";
import { createVaultClient } from "react-oidc-apis/vault";
import { stubVaultFetch, type StubVaultOptions } from "./stubVaultFetch";

/** The Vault of the stories: answered by `stubVaultFetch`, never reached over the network. */
export const demoVault = { vaultUrl: "https://vault.example.test", role: "web-app" };

/**
 * Registers `oidc`'s client for `demoVault` with a stub fetch. `useVaultToken(demoVault)` and `createVaultClient`
 * calls without a `fetch` then reuse that client, so the components under the story stay unaware of the stub.
 */
export function attachStubVault<Api extends string>(oidc: Oidc<Api>, options: StubVaultOptions = {}): Oidc<Api> {
  createVaultClient<string>({ oidc, ...demoVault, fetch: stubVaultFetch(options) });
  return oidc;
}
