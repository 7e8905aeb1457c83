import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { OidcError, OidcProvider, useApiToken } from "react-oidc-apis";
import { createMockOidc } from "react-oidc-apis/testing";

// The README's "Testing your app" snippet, kept compiling and true.
function MySecrets() {
  const { status, error } = useApiToken("vault");
  return <p>{status === "error" ? error?.code : status}</p>;
}

describe("README: testing your app", () => {
  it("drives any token state with createMockOidc", async () => {
    const oidc = createMockOidc({ clients: { app: {}, vault: { strategy: "dedicated" } }, user: { sub: "alice" } });
    oidc.setToken("vault", new OidcError("audience_mismatch", "wrong aud"));
    render(
      <OidcProvider oidc={oidc}>
        <MySecrets />
      </OidcProvider>,
    );
    expect(await screen.findByText("audience_mismatch")).toBeTruthy();
  });
});
