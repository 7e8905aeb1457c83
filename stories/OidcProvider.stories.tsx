import type { Meta, StoryObj } from "@storybook/react-vite";
import { OidcError } from "react-oidc-apis";
import { demoOidc, neverStarts } from "./components/demoOidc";
import { RestoringSession, SessionPanel } from "./components/SessionPanel";
import { withOidc } from "./components/StoryOidc";

/** `<OidcProvider>` and `useOidc()` in each session state. */
const meta = {
  title: "Provider/OidcProvider",
  component: SessionPanel,
} satisfies Meta<typeof SessionPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The callback or silent restoration has not finished: the provider renders its `fallback`. */
export const Initializing: Story = {
  decorators: [withOidc(() => neverStarts(demoOidc({ status: "initializing" })), <RestoringSession />)],
};

/** Restoration finished shortly after mount: the fallback gives way to the app. */
export const RestoredAfterStart: Story = {
  decorators: [withOidc(() => demoOidc({ status: "initializing" }), <RestoringSession />)],
};

/** No session at the IdP; "Log in" signs in as the mock's user. */
export const LoggedOut: Story = {
  decorators: [withOidc(() => demoOidc({ user: null }))],
};

/** Signed in; `user` holds the ID-token claims. */
export const LoggedIn: Story = {
  decorators: [withOidc(() => demoOidc())],
};

/** The IdP could not be reached while restoring the session. */
export const IdpUnreachable: Story = {
  decorators: [
    withOidc(() =>
      demoOidc({
        status: "error",
        sessionError: new OidcError("idp_unreachable", "https://idp.example.test/.well-known/openid-configuration could not be fetched."),
      }),
    ),
  ],
};
