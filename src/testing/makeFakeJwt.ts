function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * An UNSIGNED, JWT-shaped string (`header.payload.signature`, base64url) carrying `claims`. TEST-ONLY.
 *
 * Decoders (token inspectors, `aud` checks) read it like a real access token; any verifier rejects it
 * (`alg: "none"`, fake signature), which is the point: it must never be accepted by a real API.
 */
export function makeFakeJwt(claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ alg: "none", typ: "JWT" }));
  return `${header}.${base64url(JSON.stringify(claims))}.${base64url("unsigned-test-token")}`;
}
