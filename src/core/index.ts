export { createOidc } from "./createOidc";
export { OidcError, isOidcError } from "./errors";
export type { OidcErrorCode } from "./errors";
export { decodeJwtPayload, audienceOf } from "./jwt";
export { safeReturnTo } from "./returnTo";
export type { JwtClaims } from "./jwt";
export type * from "./types";
