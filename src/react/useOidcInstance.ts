import { useContext } from "react";
import { OidcError } from "../core/errors.js";
import { DEV } from "../core/platform/development.js";
import type { RegisteredApi } from "../core/register.js";
import type { Oidc } from "../core/types.js";
import { OidcContext } from "./OidcContext.js";

/**
 * The `Oidc` instance given to the nearest `<OidcProvider>`; throws `provider_missing` when there is none. Its API
 * names are those of the instance registered through `Register` (`string` without one).
 */
export function useOidcInstance<Api extends RegisteredApi = RegisteredApi>(): Oidc<Api> {
  const oidc = useContext(OidcContext);
  if (oidc === null) {
    throw new OidcError(
      "provider_missing",
      `react-oidc-apis: this hook must be used inside <OidcProvider oidc={...}>.${DEV ? " Wrap your app (or the story/test) in it." : ""}`,
    );
  }
  return oidc as Oidc<Api>;
}
