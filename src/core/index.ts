export { OidcError, isOidcError } from "./errors";
export type { OidcErrorCode } from "./errors";
export type * from "./types";
