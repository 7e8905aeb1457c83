export { safeReturnTo } from "../core/session/returnTo";
export { callbackLoader } from "./callbackLoader";
export { connectRouter } from "./connectRouter";
export type { NavigatingRouter } from "./connectRouter";
export { enforceLogin } from "./enforceLogin";
export type { EnforceLoginArgs, EnforceLoginOptions, EnforceLoginResult } from "./enforceLogin";
export { isPrefetchRequest } from "./isPrefetchRequest";
