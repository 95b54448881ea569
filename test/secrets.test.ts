import { afterEach, describe, expect, it } from 'vitest';
import { clearSecretsForTests, registerSecret, registerUrlCredentials, scrub, snippet } from '../src/secrets.js';
import { createLogger } from '../src/log.js';

afterEach(() => clearSecretsForTests());

// Characters that every encoding treats differently: space, +, /, =, &, ", \, %.
const SECRET = 'Zq7 p+w/d=&"x\\y%9-Lk3';

describe('the secret scrubber', () => {
  it.each([
    ['raw', SECRET],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['URL-encoded with lower-case hex', encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ['form-encoded', new URLSearchParams({ client_secret: SECRET }).toString()],
    ['JSON-escaped', JSON.stringify({ client_secret: SECRET })],
    ['JSON-escaped twice', JSON.stringify(JSON.stringify({ client_secret: SECRET }))],
    ['base64', Buffer.from(SECRET).toString('base64')],
    ['base64url', Buffer.from(SECRET).toString('base64url')],
  ])('redacts a secret echoed %s', (_form, echoed) => {
    registerSecret(SECRET);
    const out = scrub(`the server said: ${echoed} (end)`);
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain(echoed);
    expect(out).toMatch(/^the server said: .*\(end\)$/);
  });

  it('finds a password inside Basic credentials at any byte alignment', () => {
    registerSecret('hunter2-password');
    for (const user of ['a', 'ab', 'abc']) {
      const basic = Buffer.from(`${user}:hunter2-password`).toString('base64');
      const out = scrub(`Authorization: Basic ${basic}`);
      // At most the two characters that also encode the user's bytes survive the redaction.
      expect(out.replace('Authorization: Basic ', '').replace('[REDACTED]', '').length).toBeLessThanOrEqual(8);
      expect(out).toContain('[REDACTED]');
    }
  });

  it('registers the token of a header value on its own, so an echo of the bare token is caught', () => {
    registerSecret('Bearer eyJhbGciOi.tokenpart.sig');
    expect(scrub('receiver said: invalid token eyJhbGciOi.tokenpart.sig')).toBe('receiver said: invalid token [REDACTED]');
    // The scheme word is not a secret.
    expect(scrub('use a Bearer token')).toBe('use a Bearer token');
  });

  it('registers the user:password of Basic header values and of proxy URLs', () => {
    registerSecret(`Basic ${Buffer.from('proxyuser:proxy-pass-77').toString('base64')}`);
    expect(scrub('rejected proxy-pass-77')).toBe('rejected [REDACTED]');
    clearSecretsForTests();
    registerUrlCredentials('http://squid-user:s%40fe-proxy-pw@proxy.local:3128');
    expect(scrub('407 for s@fe-proxy-pw')).toBe('407 for [REDACTED]');
    expect(scrub('Proxy-Authorization: Basic ' + Buffer.from('squid-user:s@fe-proxy-pw').toString('base64'))).not.toContain(
      Buffer.from('squid-user:s@fe-proxy-pw').toString('base64').slice(4),
    );
  });

  it('redacts the front part of a secret left where a text was cut', () => {
    const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz123';
    registerSecret(secret);
    const cut = `client_secret=${secret.slice(0, 27)}`;
    expect(scrub(cut)).toBe('client_secret=[REDACTED]');
    expect(scrub(`${cut}… more`)).toBe('client_secret=[REDACTED]… more');
    expect(scrub(JSON.stringify({ error: cut }))).toBe('{"error":"client_secret=[REDACTED]"}');
  });

  it('cuts snippets only after scrubbing, so no prefix survives the cut', () => {
    const secret = 'AbCdEfGhIjKlMnOpQrStUvWxYz123';
    registerSecret(secret);
    const text = `${'x'.repeat(180)} client_secret=${secret} and more`;
    for (let max = 150; max < 240; max += 1) {
      const out = snippet(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/AbCd/);
    }
  });

  it('leaves ordinary text and short values alone', () => {
    registerSecret('abc');
    registerSecret('the-real-secret');
    expect(scrub('abc the real secret')).toBe('abc the real secret');
  });

  it('scrubs every log line, whatever the field holds, and cuts oversized fields', () => {
    registerSecret(SECRET);
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    log.warn('echo', { body: `client_secret=${encodeURIComponent(SECRET)}`, error: new Error(`x ${SECRET}`), big: 'y'.repeat(50_000) });
    expect(lines[0]).not.toContain(encodeURIComponent(SECRET));
    expect(lines[0]).not.toContain(SECRET);
    expect(lines[0]!.length).toBeLessThan(5000);
  });
});

describe('credentials replaced over time', () => {
  it('keeps only the last two values of a slot, so hourly tokens do not pile up', () => {
    for (let i = 1; i <= 5; i += 1) registerSecret(`access-token-number-${i}`, 'token');
    registerSecret('client-secret-value');
    expect(scrub('access-token-number-5 access-token-number-4')).toBe('[REDACTED] [REDACTED]');
    expect(scrub('access-token-number-3')).toBe('access-token-number-3');
    expect(scrub('client-secret-value')).toBe('[REDACTED]');
  });
});
