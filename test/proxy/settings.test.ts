import { describe, expect, it } from 'vitest';
import { scrub } from '../../src/secrets.js';
import { proxyFor, resolveProxySettings, showProxy } from '../../src/proxy/settings.js';

const P = 'http://proxy.corp:3128';

describe('which proxy a request goes through', () => {
  it('takes the lower-case variable over the upper-case one, and proxy.url over both', () => {
    expect(resolveProxySettings('', { HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' }).httpsProxy).toBe('http://lower:1');
    expect(resolveProxySettings('', { HTTP_PROXY: P }).httpsProxy).toBe(P);
    expect(resolveProxySettings('http://explicit:1', { HTTP_PROXY: P, HTTPS_PROXY: P })).toMatchObject({ httpProxy: 'http://explicit:1', httpsProxy: 'http://explicit:1' });
    expect(resolveProxySettings('', {})).toEqual({ httpProxy: '', httpsProxy: '', noProxy: '' });
  });

  it.each([
    ['', 'https://va.data.liveperson.net/x', P],
    ['liveperson.net', 'https://va.data.liveperson.net/x', undefined],
    ['.liveperson.net', 'https://va.data.liveperson.net/x', undefined],
    ['*.liveperson.net', 'https://liveperson.net/x', undefined],
    ['liveperson.net:8443', 'https://va.data.liveperson.net/x', P],
    ['liveperson.net:443', 'https://va.data.liveperson.net/x', undefined],
    ['notliveperson.net', 'https://liveperson.net/x', P],
    ['other.com, 127.0.0.1', 'http://127.0.0.1:4318/v1/metrics', undefined],
    ['*', 'https://anything.example/x', undefined],
  ])('NO_PROXY=%j, %s: %s', (noProxy, url, expected) => {
    expect(proxyFor(resolveProxySettings('', { HTTPS_PROXY: P, HTTP_PROXY: P, NO_PROXY: noProxy }), url)).toBe(expected);
  });

  it('never shows, and scrubs from every log line, the credentials of a proxy URL', () => {
    const url = 'http://egress:p%40ss-word-9@proxy.corp:3128';
    resolveProxySettings('', { HTTPS_PROXY: url });
    expect(showProxy(url)).toBe('http://proxy.corp:3128');
    const line = `failed via ${url} with p@ss-word-9 and ${Buffer.from('egress:p@ss-word-9').toString('base64')}`;
    expect(scrub(line)).not.toMatch(/ss-word-9|ZWdyZXNz/);
  });
});
