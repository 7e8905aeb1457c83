import type { Decorator } from "@storybook/react-vite";
import { createContext, useContext, useState, type ReactNode } from "react";
import { useOidcInstance } from "react-oidc-apis";
import { createVaultClient, type VaultClient } from "react-oidc-apis/vault";
import { stubVaultFetch, type StubVaultOptions } from "./stubVaultFetch";

/** The Vault of the stories: answered by `stubVaultFetch`, never reached over the network. */
export const demoVault = { vaultUrl: "https://vault.example.test", role: "web-app" };

const StoryVaultContext = createContext<VaultClient | null>(null);
StoryVaultContext.displayName = "StoryVaultContext";

/** The story's Vault client, as an app passes its one client down; throws outside `withStubVault`. */
export function useStoryVault(): VaultClient {
  const vault = useContext(StoryVaultContext);
  if (vault === null) throw new Error("Wrap the story in withStubVault() to give it a Vault client.");
  return vault;
}

/** Makes the story's Vault client once, from the story's instance and a stub fetch, as an app does at start. */
function StubVault({ options, children }: { options: StubVaultOptions; children: ReactNode }): ReactNode {
  const oidc = useOidcInstance();
  const [vault] = useState(() => createVaultClient({ oidc, api: "vault", ...demoVault, fetch: stubVaultFetch(options) }));
  return <StoryVaultContext.Provider value={vault}>{children}</StoryVaultContext.Provider>;
}

/** A decorator giving the story a Vault client over a stub Vault; list it before `withOidc` (it runs inside it). */
export function withStubVault(options: StubVaultOptions = {}): Decorator {
  return (Story) => (
    <StubVault options={options}>
      <Story />
    </StubVault>
  );
}
