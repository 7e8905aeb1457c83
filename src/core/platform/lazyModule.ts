import { OidcError } from "../errors.js";
import { DEV } from "./development.js";

/**
 * A module loaded by `import()` on first use, once. A failed load (offline, or a deploy replaced the chunk) is not
 * remembered: it rejects with the transient `idp_unreachable`, which the kit retries with backoff, and the next use loads
 * again.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new OidcError("idp_unreachable", `react-oidc-apis: a part of the kit could not be loaded${DEV ? " (network); it is loaded again on next use" : ""}.`, { cause });
    }));
}
