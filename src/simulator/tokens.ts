/**
 * The sentinel side of OAuth 2.0 client credentials: issues JWT-shaped access tokens with an `exp`
 * claim and remembers them until they expire by the simulator's clock.
 */
import { createHmac, randomBytes } from 'node:crypto';

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

/** Issues and checks access tokens. */
export class TokenIssuer {
  private readonly expiries = new Map<string, number>();
  // Signs the tokens so they look like real JWTs; nothing outside the simulator checks the signature.
  private readonly key = randomBytes(32);
  private counter = 0;

  constructor(
    private readonly accountId: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number,
  ) {}

  /** A new token for the client, valid for the configured lifetime. */
  issue(clientId: string): IssuedToken {
    const issuedAt = this.now();
    const expiresAt = issuedAt + this.ttlSeconds * 1000;
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        iss: 'sentinel-simulator',
        sub: clientId,
        aud: this.accountId,
        iat: Math.floor(issuedAt / 1000),
        exp: Math.floor(expiresAt / 1000),
        jti: `sim-${++this.counter}`,
      }),
    );
    const signature = base64url(createHmac('sha256', this.key).update(`${header}.${payload}`).digest());
    const accessToken = `${header}.${payload}.${signature}`;
    this.forgetExpired();
    this.expiries.set(accessToken, expiresAt);
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** Forgets every token handed out: they are refused from now on (a rotated client secret). */
  revokeAll(): void {
    this.expiries.clear();
  }

  /** True for a token this issuer handed out that has not expired yet. */
  isValid(token: string): boolean {
    const expiresAt = this.expiries.get(token);
    return expiresAt !== undefined && this.now() < expiresAt;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(token);
  }
}
