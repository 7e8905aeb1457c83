export * from "./core/index";
export { OidcProvider } from "./react/OidcProvider";
export type { OidcProviderProps } from "./react/OidcProvider";
export { useOidc } from "./react/useOidc";
export type { UseOidcResult } from "./react/useOidc";
export { useApiToken } from "./react/useApiToken";
export type { UseApiTokenResult } from "./react/useApiToken";
export { useOidcInstance } from "./react/useOidcInstance";
export { TokenInspector, type TokenInspectorProps } from "./react/TokenInspector";
