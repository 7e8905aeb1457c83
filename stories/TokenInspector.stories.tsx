import type { Meta, StoryObj } from "@storybook/react-vite";
import { OidcError, TokenInspector } from "react-oidc-apis";
import { makeFakeJwt } from "react-oidc-apis/testing";
import { demoApis, demoOidc, prefetch } from "./components/demoOidc";
import { withOidc } from "./components/StoryOidc";

/** `<TokenInspector>` over the login client and four APIs, one per token strategy (resource, audience, dedicated, scope). */
const meta = {
  title: "Components/TokenInspector",
  component: TokenInspector,
} satisfies Meta<typeof TokenInspector>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every token obtained; `billing` is about to expire and `search` is opaque (no decodable `aud`). */
export const AllStrategies: Story = {
  decorators: [
    withOidc(() => {
      const oidc = demoOidc();
      const now = Math.floor(Date.now() / 1000);
      oidc.setToken("billing", makeFakeJwt({ sub: "alice", aud: "https://billing.example", scope: "openid billing:read", iat: now - 3500, exp: now + 95 }));
      oidc.setToken("search", "opaque-6f1c0e93d2a84b7f");
      prefetch(oidc, demoApis);
      return oidc;
    }),
  ],
};

/** Before first use: nothing requested yet, nothing to count down. */
export const Idle: Story = {
  decorators: [withOidc(() => demoOidc())],
};

/** Every request under way: the Renew buttons wait. */
export const Loading: Story = {
  decorators: [
    withOidc(() => {
      const oidc = demoOidc({ tokenDelayMs: 24 * 3_600_000 });
      prefetch(oidc, demoApis);
      return oidc;
    }),
  ],
};

/** Some APIs failed, each with its code (hover it for the message). */
export const Errors: Story = {
  decorators: [
    withOidc(() => {
      const oidc = demoOidc({
        tokens: {
          files: new OidcError("audience_mismatch", 'The "files" token has aud ["https://api.other.example"], not "https://files.example".', { api: "files" }),
          billing: new OidcError("interaction_required", 'The IdP needs consent before it issues the "billing" token.', { api: "billing" }),
          vault: new OidcError("token_request_failed", "The token endpoint answered invalid_grant.", { api: "vault" }),
        },
      });
      prefetch(oidc, demoApis);
      return oidc;
    }),
  ],
};

/** Logged out: every row idle, Renew disabled. */
export const LoggedOut: Story = {
  decorators: [withOidc(() => demoOidc({ user: null }))],
};

const css = `
.demo-inspector { border-collapse: collapse; font-size: 13px; }
.demo-inspector caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
.demo-inspector th, .demo-inspector td { border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }
.demo-inspector .roa-token-row[data-status="error"] { background: #fff1f0; }
.demo-inspector .roa-token-row[data-status="ready"] .roa-token-prefix { color: #1a7f37; }
.demo-inspector .roa-error { color: #cf222e; }
`;

/** The same table styled by the app through its `roa-` classes and `data-status`. */
export const Styled: Story = {
  args: { className: "demo-inspector", caption: "Tokens of this tab" },
  decorators: [
    withOidc(() => {
      const oidc = demoOidc({
        tokens: { vault: new OidcError("login_required", "The IdP session has ended.", { api: "vault" }) },
      });
      prefetch(oidc, demoApis);
      return oidc;
    }),
  ],
  render: (args) => (
    <>
      <style>{css}</style>
      <TokenInspector {...args} />
    </>
  ),
};
