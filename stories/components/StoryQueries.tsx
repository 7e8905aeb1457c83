import type { Decorator } from "@storybook/react-vite";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { useOidcInstance } from "react-oidc-apis";
import { connectQueryClient } from "react-oidc-apis/query";

/** A query client of the story's own, emptied on logout by `connectQueryClient` as in an app. */
function StoryQueries({ children }: { children: ReactNode }): ReactNode {
  const oidc = useOidcInstance();
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false } } }));
  // A story's instance is made when it mounts, so the connection is made here rather than next to createOidc.
  useEffect(() => connectQueryClient(oidc, queryClient), [oidc, queryClient]);
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

/** A decorator giving the story a TanStack Query client; list it before `withOidc` (it runs inside it). */
export function withQueries(): Decorator {
  return (Story) => (
    <StoryQueries>
      <Story />
    </StoryQueries>
  );
}
