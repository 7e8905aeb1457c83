import type { Meta, StoryObj } from "@storybook/react-vite";
import { OidcError, RequireLogin, withLoginRequired } from "react-oidc-apis";
import { demoOidc, neverStarts } from "./components/demoOidc";
import { ErrorNote } from "./components/ErrorNote";
import { ProfileCard } from "./components/ProfileCard";
import { RestoringSession } from "./components/SessionPanel";
import { withOidc } from "./components/StoryOidc";

/** `<RequireLogin>` and `withLoginRequired`: guards for apps without a data router. */
const meta = {
  title: "Guards/RequireLogin",
  component: RequireLogin,
} satisfies Meta<typeof RequireLogin>;

export default meta;
type Story = StoryObj<typeof meta>;

const guarded = (
  <RequireLogin
    fallback={<RestoringSession />}
    onRedirecting={() => <p role="status">Redirecting to sign in…</p>}
    errorFallback={(error) => <ErrorNote error={error} />}
  >
    <ProfileCard />
  </RequireLogin>
);

/** Logged in: the children render. */
export const LoggedIn: Story = {
  decorators: [withOidc(() => demoOidc())],
  render: () => guarded,
};

/** Logged out: the guard starts one login back to this page (the mock signs in at once, so the children follow). */
export const LoggedOut: Story = {
  decorators: [withOidc(() => demoOidc({ user: null }))],
  render: () => guarded,
};

/** The session is still being restored: the guard shows its `fallback`. */
export const Initializing: Story = {
  decorators: [withOidc(() => neverStarts(demoOidc({ status: "initializing" })))],
  render: () => guarded,
};

/** A session error a login does not fix: `errorFallback` gets the error. */
export const SessionError: Story = {
  decorators: [
    withOidc(() =>
      demoOidc({
        status: "error",
        sessionError: new OidcError("idp_unreachable", "https://idp.example.test/.well-known/openid-configuration could not be fetched."),
      }),
    ),
  ],
  render: () => guarded,
};

/** The same guard as a higher-order component. */
const ProtectedProfile = withLoginRequired(ProfileCard, { fallback: <RestoringSession /> });

/** `withLoginRequired(ProfileCard, { fallback })`, logged in. */
export const WithLoginRequired: Story = {
  decorators: [withOidc(() => demoOidc())],
  render: () => <ProtectedProfile />,
};
