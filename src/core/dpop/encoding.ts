/** base64url without padding (RFC 7515 §2), the encoding of every part of a JWS and of a JWK thumbprint. */
export function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** base64url of the UTF-8 JSON of `value`. */
export const base64urlJson = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)));

/** base64url of the SHA-256 digest of the UTF-8 bytes of `text`. */
export async function sha256(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}
