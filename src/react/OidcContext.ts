import { createContext } from "react";
import type { Oidc } from "../core/types.js";

/** Carries the instance only, never state, so a token renewal re-renders nobody through the context. */
export const OidcContext = createContext<Oidc | null>(null);
OidcContext.displayName = "OidcContext";
