import { OidcError } from "../errors.js";
import { DEV } from "../platform/development.js";
import { audienceOf, decodeJwtPayload } from "../protocol/jwt.js";
import type { ResolvedApiClient } from "../types.js";
import type { TokenSet } from "./tokenSet.js";

/**
 * The `aud` of `set`'s access token once it names what `unit`'s API expects (an opaque token is not checked); throws
 * `audience_mismatch`, saying in development builds where the IdP is fixed, or how to tell the kit what the API checks.
 */
export function checkAudience(unit: ResolvedApiClient, set: TokenSet): string[] | undefined {
  const audience = audienceOf(decodeJwtPayload(set.accessToken));
  const expected = unit.expectedAudience;
  if (typeof expected === "string" && audience !== undefined && !audience.includes(expected)) {
    // Where the IdP is fixed, by strategy. Provider-neutral: the IdP is whatever the app uses, so it says what must change,
    // with examples, never one vendor's menu. An expression, not an `if`: esbuild drops `DEV ? ...` once DEV is false.
    const { strategy, clientId, scope } = unit;
    const fix = DEV
      ? ` Fix it at the IdP: ${
          strategy === "resource"
            ? `register "${expected}" as a resource (RFC 8707) client "${clientId}" may request (e.g. an API with that identifier)`
            : strategy === "audience"
              ? `make "${expected}" the identifier of an API client "${clientId}" may request tokens for`
              : strategy === "scope"
                ? `add "${expected}" to the aud of tokens with scope "${scope}" (e.g. an audience rule on that scope)`
                : `add "${expected}" to the aud of client "${clientId}"'s access tokens (e.g. an audience rule or claim mapping on the client)`
        }; or set clients.${unit.name}.expectedAudience to what the API really checks.`
      : "";
    const message = `The access token for "${unit.name}" is for ${JSON.stringify(audience)}, not "${expected}".${fix}`;
    throw new OidcError("audience_mismatch", message, { api: unit.name });
  }
  return audience;
}
