import type { ReactNode } from "react";
import { isOidcError } from "react-oidc-apis";
import { isVaultError } from "react-oidc-apis/vault";

/** An error's `code` and message, plus Vault's own messages when Vault sent some. */
export function ErrorNote({ error }: { error: unknown }): ReactNode {
  if (isVaultError(error)) {
    return (
      <div role="alert" className="demo-error">
        <code>{error.code}</code> {error.message}
        {error.errors.length > 0 && (
          <ul>
            {error.errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div role="alert" className="demo-error">
      {isOidcError(error) && <code>{error.code}</code>} {error instanceof Error ? error.message : String(error)}
    </div>
  );
}
