import { useState, type ReactNode } from "react";
import { OidcProvider, type Oidc } from "react-oidc-apis";
import type { Decorator } from "@storybook/react-vite";

/** Props of `<StoryOidc>`. */
export interface StoryOidcProps {
  /** Makes the story's own instance; called once per mount, so every story starts from a clean state. */
  create: () => Oidc;
  /** Passed to `<OidcProvider fallback>`. */
  fallback?: ReactNode;
  /** The story. */
  children?: ReactNode;
}

/** An `<OidcProvider>` around a story, with an instance of its own (never shared between stories). */
export function StoryOidc({ create, fallback, children }: StoryOidcProps): ReactNode {
  const [oidc] = useState(create);
  return (
    <OidcProvider oidc={oidc} fallback={fallback}>
      {children}
    </OidcProvider>
  );
}

/** A decorator rendering the story inside `<StoryOidc create={create}>`. */
export function withOidc(create: () => Oidc, fallback?: ReactNode): Decorator {
  return (Story) => (
    <StoryOidc create={create} fallback={fallback}>
      <Story />
    </StoryOidc>
  );
}
