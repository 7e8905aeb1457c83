"use client";
// Hooks and components: React Server Components hosts (Next.js App Router) load this entry on the client only.
// Server code imports the React-free `react-oidc-apis/core` instead.
export * from "./core/index";
export { OidcProvider } from "./react/OidcProvider";
export type { OidcProviderProps } from "./react/OidcProvider";
export { useOidc } from "./react/useOidc";
export type { UseOidcResult } from "./react/useOidc";
export { useApiToken } from "./react/useApiToken";
export type { UseApiTokenResult } from "./react/useApiToken";
export { useOidcInstance } from "./react/useOidcInstance";
export { TokenInspector, type TokenInspectorProps } from "./react/TokenInspector";
export { RequireLogin } from "./react/RequireLogin";
export type { RequireLoginOptions, RequireLoginProps } from "./react/RequireLogin";
export { withLoginRequired } from "./react/withLoginRequired";
export { useIdleLogout } from "./react/useIdleLogout";
export type { UseIdleLogoutResult } from "./react/useIdleLogout";
