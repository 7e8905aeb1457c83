/**
 * The latest `DPoP-Nonce` each server gave (RFC 9449 §8, §9), by origin: the IdP's token endpoint and every resource
 * server keep their own. A proof for a URL carries the nonce its origin gave last.
 */
export class NonceMemory {
  private readonly nonces = new Map<string, string>();

  /** The nonce to put in a proof for `url`, if its origin gave one. */
  get(url: string): string | undefined {
    return this.nonces.get(originOf(url));
  }

  /** Keeps `nonce` as the one `url`'s origin wants now. */
  set(url: string, nonce: string): void {
    this.nonces.set(originOf(url), nonce);
  }

  /** Keeps the `DPoP-Nonce` of `response` (an error or a success alike) for `url`'s origin; returns it. */
  remember(url: string, response: Response): string | undefined {
    const nonce = response.headers.get("dpop-nonce") ?? undefined;
    // A nonce is opaque text (RFC 9449 §8.1: NQCHAR); anything else cannot go into a proof.
    if (nonce !== undefined && /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(nonce)) this.set(url, nonce);
    return this.get(url);
  }

  /** Forgets every nonce (the session ended). */
  clear(): void {
    this.nonces.clear();
  }
}

function originOf(url: string): string {
  return new URL(url).origin;
}
