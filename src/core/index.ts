export { createOidc } from "./createOidc";
export { OidcApisError, OidcError, isOidcApisError, isOidcError } from "./errors";
export type { ErrorCode, KitErrorOptions, OidcErrorCode, VaultErrorCode } from "./errors";
export { hostTimers } from "./platform/timers";
export type { TimerHandle, Timers } from "./platform/timers";
export { decodeJwtPayload, audienceOf } from "./jwt";
export { safeReturnTo } from "./returnTo";
export type { JwtClaims } from "./jwt";
export type * from "./types";
