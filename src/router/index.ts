export { safeReturnTo } from "../core/session/returnTo";
export { callbackLoader } from "./callbackLoader";
export { enforceLogin } from "./enforceLogin";
export type { EnforceLoginArgs, EnforceLoginOptions, EnforceLoginResult } from "./enforceLogin";
export { isPrefetchRequest } from "./isPrefetchRequest";
