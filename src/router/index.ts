export { safeReturnTo } from "../core/returnTo";
export { enforceLogin } from "./enforceLogin";
export type { EnforceLoginArgs, EnforceLoginOptions, EnforceLoginResult } from "./enforceLogin";
export { isPrefetchRequest } from "./isPrefetchRequest";
