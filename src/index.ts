"use client";
// Hooks and components: React Server Components hosts (Next.js App Router) load this entry on the client only.
// Server code imports the React-free `react-oidc-apis/core` instead.
export * from "./core/index.js";
export { OidcProvider } from "./react/OidcProvider.js";
export type { OidcProviderProps } from "./react/OidcProvider.js";
export { useOidc } from "./react/useOidc.js";
export type { UseOidcResult } from "./react/useOidc.js";
export { useApiToken } from "./react/useApiToken.js";
export type { UseApiTokenResult } from "./react/useApiToken.js";
export { useOidcInstance } from "./react/useOidcInstance.js";
export { TokenInspector, type TokenInspectorProps } from "./react/TokenInspector.js";
export { RequireLogin } from "./react/RequireLogin.js";
export type { RequireLoginOptions, RequireLoginProps } from "./react/RequireLogin.js";
export { withLoginRequired } from "./react/withLoginRequired.js";
export { useIdleLogout } from "./react/useIdleLogout.js";
export type { UseIdleLogoutResult } from "./react/useIdleLogout.js";
