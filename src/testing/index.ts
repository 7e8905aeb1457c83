// TEST-ONLY entry: a mock `Oidc` for unit tests and stories. Never import it from application code.
export { createMockOidc, defaultMockUser } from "./createMockOidc";
export type { CreateMockOidcOptions, MockGetApiTokenCall, MockOidc, MockOidcCalls } from "./createMockOidc";
export { makeFakeJwt } from "./makeFakeJwt";
export type { MockClientConfig, MockConfigInput } from "./mockConfig";
