import { createMockOidc } from "../../../src/testing";
import { createVaultClient } from "../../../src/vault/vaultClient";
import { createManualClock } from "../../support/manualClock";
import { createStubVault, VAULT_URL } from "./stubVault";

// Every client runs on a manual clock (time moves only with `clock.advance`), starting at 1_000_000 ms.
/** A Vault client on a stub Vault and a mock instance. */
export function setup(options: { renewBeforeExpirySeconds?: number } = {}) {
  const oidc = createMockOidc({ clients: { app: {}, vault: { clientId: "myapp-vault" } }, tokens: { vault: "upstream-1" } });
  const vault = createStubVault();
  const clock = createManualClock();
  const client = createVaultClient({
    api: "vault",
    oidc,
    vaultUrl: `${VAULT_URL}/`,
    role: "web-app",
    fetch: vault.fetch,
    now: clock.now,
    timers: clock.timers,
    random: () => 0.5,
    ...options,
  });
  return { oidc, vault, client, clock };
}
