import type { Preview } from "@storybook/react-vite";

const preview: Preview = {
  parameters: {
    layout: "padded",
    // Stories show states, not component props; the controls panel would only offer noise.
    controls: { disable: true },
  },
  decorators: [
    (Story) => (
      <div style={{ fontFamily: "system-ui, sans-serif", fontSize: 14, lineHeight: 1.4 }}>
        <Story />
      </div>
    ),
  ],
};

export default preview;
