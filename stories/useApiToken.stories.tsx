import type { Meta, StoryObj } from "@storybook/react-vite";
import { OidcError } from "react-oidc-apis";
import { ApiTokenCard } from "./components/ApiTokenCard";
import { demoApis, demoOidc } from "./components/demoOidc";
import { withOidc } from "./components/StoryOidc";

/** `useApiToken(api)` in each state, for the `files` API (RFC 8707 resource) unless said otherwise. */
const meta = {
  title: "Hooks/useApiToken",
  component: ApiTokenCard,
  args: { api: "files" },
} satisfies Meta<typeof ApiTokenCard>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The token request is under way (it never settles here). */
export const Loading: Story = {
  decorators: [withOidc(() => demoOidc({ tokenDelayMs: 24 * 3_600_000 }))],
};

/** The token is there; the card shows a prefix and the expiry. */
export const Ready: Story = {
  decorators: [withOidc(() => demoOidc())],
};

/** One card per API, one token strategy each: every token is obtained independently. */
export const EveryStrategy: Story = {
  decorators: [withOidc(() => demoOidc())],
  render: () => (
    <>
      {demoApis.map((api) => (
        <ApiTokenCard key={api} api={api} />
      ))}
    </>
  ),
};

/** Logged out: the hook reports `idle` (no session, nothing asked for) without asking the IdP. */
export const LoggedOut: Story = {
  decorators: [withOidc(() => demoOidc({ user: null }))],
};

/** The IdP session ended (e.g. logged out in another app): `login_required`. */
export const LoginRequired: Story = {
  decorators: [
    withOidc(() =>
      demoOidc({
        tokens: { files: new OidcError("login_required", 'The IdP session has ended; log in again to get the "files" token.', { api: "files" }) },
      }),
    ),
  ],
};

/** The IdP issued a token for another API: `audience_mismatch`, with the message saying how to fix the setup. */
export const AudienceMismatch: Story = {
  decorators: [
    withOidc(() =>
      demoOidc({
        tokens: {
          files: new OidcError(
            "audience_mismatch",
            'The "files" access token has aud ["https://api.other.example"], not "https://files.example". Register ' +
              '"https://files.example" as a resource the client "app" may request at the IdP, or set `expectedAudience`.',
            { api: "files" },
          ),
        },
      }),
    ),
  ],
};

/** The IdP wants the user first (consent for a new scope): `interaction_required`. */
export const InteractionRequired: Story = {
  decorators: [
    withOidc(() =>
      demoOidc({
        tokens: { files: new OidcError("interaction_required", 'The IdP needs consent before it issues the "files" token.', { api: "files" }) },
      }),
    ),
  ],
};
