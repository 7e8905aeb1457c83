import type { Meta, StoryObj } from "@storybook/react-vite";
import { demoOidc } from "./components/demoOidc";
import { IdleCountdown } from "./components/IdleCountdown";
import { IdleWarning } from "./components/IdleWarning";
import { SessionPanel } from "./components/SessionPanel";
import { withOidc } from "./components/StoryOidc";

/** Opt-in idle logout: `useIdleLogout` in a component, `createIdleLogout` without React. */
const meta = {
  title: "Hooks/useIdleLogout",
  component: IdleWarning,
  args: { timeoutSeconds: 900, warnBeforeSeconds: 60 },
} satisfies Meta<typeof IdleWarning>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Fifteen minutes without activity log the user out; the warning shows in the last minute. */
export const Active: Story = {
  decorators: [withOidc(() => demoOidc())],
};

/** A short timeout: the warning and its countdown come after 5 s without moving the mouse, the logout after 20 s. */
export const ShortTimeout: Story = {
  args: { timeoutSeconds: 20, warnBeforeSeconds: 10 },
  decorators: [withOidc(() => demoOidc())],
  render: (args) => (
    <>
      <IdleWarning {...args} />
      <SessionPanel />
    </>
  ),
};

/** `createIdleLogout(oidc, { timeoutSeconds, events, timers: hostTimers })` with activity from a button only. */
export const WithoutReact: Story = {
  decorators: [withOidc(() => demoOidc())],
  render: () => (
    <>
      <IdleCountdown timeoutSeconds={30} />
      <SessionPanel />
    </>
  ),
};
