export { safeReturnTo } from "../core/session/returnTo.js";
export { callbackLoader } from "./callbackLoader.js";
export { connectRouter } from "./connectRouter.js";
export type { NavigatingRouter } from "./connectRouter.js";
export { enforceLogin } from "./enforceLogin.js";
export type { EnforceLoginArgs, EnforceLoginOptions, EnforceLoginResult } from "./enforceLogin.js";
export { isPrefetchRequest } from "./isPrefetchRequest.js";
