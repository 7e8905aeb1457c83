import { OidcError } from "../errors.js";
import { audienceOf, decodeJwtPayload } from "../protocol/jwt.js";
import { strategies } from "../strategies.js";
import type { ResolvedApiClient } from "../types.js";
import type { TokenSet } from "./tokenSet.js";

/**
 * The `aud` of `set`'s access token once it names what `unit`'s API expects (an opaque token is not checked); throws
 * `audience_mismatch` saying where the IdP is fixed, or how to tell the kit what the API really checks.
 */
export function checkAudience(unit: ResolvedApiClient, set: TokenSet): string[] | undefined {
  const audience = audienceOf(decodeJwtPayload(set.accessToken));
  const expected = unit.expectedAudience;
  if (typeof expected === "string" && audience !== undefined && !audience.includes(expected)) {
    throw new OidcError(
      "audience_mismatch",
      `The access token for "${unit.name}" is for ${JSON.stringify(audience)}, not "${expected}". Fix it at the IdP: ` +
        `${strategies[unit.strategy].audienceFix(unit, expected)}; or set clients.${unit.name}.expectedAudience to what the API really checks.`,
      { api: unit.name },
    );
  }
  return audience;
}
