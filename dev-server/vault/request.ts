import type { JsonBody } from "./http";
import type { TokenEntry } from "./tokenStore";

/** A request as the routes see it. */
export interface VaultRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path after `/v1/`, without a leading slash (e.g. `secret/data/users/alice/api`). */
  path: string;
  /** Query string. */
  query: URLSearchParams;
  /** The live token named by `X-Vault-Token` or `Authorization: Bearer`, if any. */
  token: TokenEntry | undefined;
  /** The JSON body. */
  readBody(): Promise<JsonBody>;
}
