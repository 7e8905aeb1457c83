import type { Oidc } from "./types.js";

/**
 * Declaration-merging point that types API names across the kit. Register the app's instance once:
 *
 * ```ts
 * declare module "react-oidc-apis" {
 *   interface Register {
 *     oidc: typeof oidc;
 *   }
 * }
 * ```
 *
 * Then `useApiToken`, the query and Vault hooks and `useOidcInstance().getApiToken` accept only the keys of its
 * `clients`, so a typo fails to compile. Without a registration every name is a `string`.
 */
// Empty on purpose: apps add `oidc` through module augmentation (an interface, because a type alias cannot merge).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Register {}

/** The client names of the registered instance (`keyof clients`), or `string` when none is registered. */
export type RegisteredApi = Register extends { oidc: Oidc<infer Api> } ? Api : string;
