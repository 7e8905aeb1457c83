// TEST-ONLY entry: a mock `Oidc` for unit tests and stories. Never import it from application code.
export { createMockOidc, defaultMockUser } from "./createMockOidc.js";
export type { CreateMockOidcOptions, MockGetApiTokenCall, MockOidc, MockOidcCalls } from "./createMockOidc.js";
export { makeFakeJwt } from "./makeFakeJwt.js";
export type { MockClientConfig, MockConfigInput } from "./mockConfig.js";
