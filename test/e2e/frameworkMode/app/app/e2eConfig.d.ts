// Written by the test's Vite plugin before the first request: the dev IdP and the sample API of this run.
declare module "virtual:framework-e2e-config" {
  /** The dev IdP's issuer. */
  export const issuer: string;
  /** The todos sample API's base URL. */
  export const todosUrl: string;
  /** The clients the app names. */
  export const clients: { app: { clientId: string; scope: string }; todos: { clientId: string; scope: string; expectedAudience: string } };
}
