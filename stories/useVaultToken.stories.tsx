import type { Meta, StoryObj } from "@storybook/react-vite";
import { OidcError } from "react-oidc-apis";
import { demoOidc } from "./components/demoOidc";
import { withStubVault } from "./components/demoVault";
import { withOidc } from "./components/StoryOidc";
import { VaultTokenCard } from "./components/VaultTokenCard";

/** `useVaultToken` in each state, against a stub Vault (no server). */
const meta = {
  title: "Hooks/useVaultToken",
  component: VaultTokenCard,
} satisfies Meta<typeof VaultTokenCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Vault's JWT login is under way (it never answers here). */
export const Loading: Story = {
  decorators: [withStubVault({ login: "pending" }), withOidc(() => demoOidc())],
};

/** The `vault` access token was exchanged for a Vault token with its policies. */
export const Ready: Story = {
  decorators: [withStubVault(), withOidc(() => demoOidc())],
};

/** Vault refused the access token (its role binds another audience): `vault_login_failed` with Vault's message. */
export const LoginFailed: Story = {
  decorators: [
    withStubVault({
      login: { status: 400, errors: ["error validating token: invalid audience (aud) claim: audience claim does not match any expected audience"] },
    }),
    withOidc(() => demoOidc()),
  ],
};

/** Vault could not be reached (network, CORS): `vault_unreachable`. */
export const Unreachable: Story = {
  decorators: [withStubVault({ login: "unreachable" }), withOidc(() => demoOidc())],
};

/** The upstream OIDC token could not be had, so there is nothing to exchange: the `OidcError` comes through. */
export const UpstreamTokenFailed: Story = {
  decorators: [
    withStubVault(),
    withOidc(() =>
      demoOidc({
        tokens: { vault: new OidcError("interaction_required", 'The IdP needs consent before it issues the "vault" token.', { api: "vault" }) },
      }),
    ),
  ],
};

/** Logged out: `idle`, as for every token state; no Vault login is attempted. */
export const LoggedOut: Story = {
  decorators: [withStubVault(), withOidc(() => demoOidc({ user: null }))],
};
