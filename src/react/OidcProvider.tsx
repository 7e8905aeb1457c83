import { useEffect, useSyncExternalStore, type ReactNode } from "react";
import type { Oidc } from "../core/types.js";
import { OidcContext } from "./OidcContext.js";

/** Props of `<OidcProvider>`. */
export interface OidcProviderProps {
  /** The instance made by `createOidc`; create it once, outside React. */
  oidc: Oidc;
  /** Shown instead of the children while the session is initializing (callback, restoration). Default: the children. */
  fallback?: ReactNode;
  /** The app. */
  children?: ReactNode;
}

/** Makes `oidc` available to the hooks and starts it (callback processing or silent restoration) once. */
export function OidcProvider({ oidc, fallback, children }: OidcProviderProps): ReactNode {
  // start() is idempotent, so StrictMode's double effect run processes the callback once.
  useEffect(() => {
    void oidc.start();
  }, [oidc]);
  const initializing = useSyncExternalStore(
    oidc.subscribe,
    () => oidc.getSnapshot().session.status === "initializing",
    () => true,
  );
  return (
    <OidcContext.Provider value={oidc}>{initializing && fallback !== undefined ? fallback : children}</OidcContext.Provider>
  );
}
