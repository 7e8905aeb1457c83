/** Claims of a JWT, read without verification (the browser is not the audience; APIs verify). */
export type JwtClaims = Record<string, unknown>;

// A real JWT is a few kilobytes; decoding megabytes of attacker-sized input would block the page.
const MAX_TOKEN_CHARS = 64 * 1024;

/** The payload of `token` when it is a JWT, `undefined` when it is opaque, malformed, oversized or not a string. */
export function decodeJwtPayload(token: unknown): JwtClaims | undefined {
  if (typeof token !== "string" || token.length > MAX_TOKEN_CHARS) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[1] === undefined || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), "="));
    const json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const claims: unknown = JSON.parse(json);
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** The `aud` claim of `claims` as a list (JWT allows a string or an array). */
export function audienceOf(claims: JwtClaims | undefined): string[] | undefined {
  const aud = claims?.aud;
  if (typeof aud === "string") return [aud];
  if (Array.isArray(aud)) return aud.filter((a): a is string => typeof a === "string");
  return undefined;
}
