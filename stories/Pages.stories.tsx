import type { Meta, StoryObj } from "@storybook/react-vite";
import { TokenInspector } from "react-oidc-apis";
import { demoApis, demoOidc, prefetch } from "./components/demoOidc";
import { withStubVault } from "./components/demoVault";
import { MySecretsCard } from "./components/MySecretsCard";
import { ProfileCard } from "./components/ProfileCard";
import { withOidc } from "./components/StoryOidc";
import { withQueries } from "./components/StoryQueries";

/** Small pages composed from the hooks, as an app would write them. */
const meta = {
  title: "Examples/Pages",
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const secret = { "api-key": "sk_live_story_only", "webhook-secret": "whsec_story_only" };

/** A KV secret read with a Vault token obtained from the `vault` access token; values stay masked. */
export const MySecrets: Story = {
  decorators: [withQueries(), withStubVault({ secret }), withOidc(() => demoOidc())],
  render: () => <MySecretsCard />,
};

/** The Vault token's policies do not cover this path: `vault_permission_denied` with Vault's message. */
export const MySecretsDenied: Story = {
  decorators: [withQueries(), withStubVault({ read: { status: 403, errors: ["1 error occurred:\n\t* permission denied\n\n"] } }), withOidc(() => demoOidc())],
  render: () => <MySecretsCard path="users/bob/api" />,
};

/** The user's claims and the state of the `files` token. */
export const Profile: Story = {
  decorators: [withOidc(() => demoOidc())],
  render: () => <ProfileCard />,
};

/** Signed out: the card offers to log in. */
export const ProfileSignedOut: Story = {
  decorators: [withOidc(() => demoOidc({ user: null }))],
  render: () => <ProfileCard />,
};

/** Profile, secrets and the token inspector on one page, sharing one instance. */
export const Dashboard: Story = {
  decorators: [
    withQueries(),
    withStubVault({ secret }),
    withOidc(() => {
      const oidc = demoOidc();
      prefetch(oidc, demoApis);
      return oidc;
    }),
  ],
  render: () => (
    <div style={{ display: "grid", gap: 16 }}>
      <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
        <ProfileCard />
        <MySecretsCard />
      </div>
      <TokenInspector />
    </div>
  ),
};
