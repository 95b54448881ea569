import { describe, expect, it } from 'vitest';
import { parseWebConfig } from '../../src/web/config.js';

const HASH = '$2y$10$X0h1ZMnqpUD2mDlKmOdNfeyLdyXWyS4EOqyq4yvAe1qhdsJ9WZhQS';

function errorsOf(yaml: string): string[] {
  const result = parseWebConfig(yaml, '/etc/nht/web.yml');
  return result.ok ? [] : result.errors;
}

describe('a web config written for any exporter-toolkit exporter', () => {
  it('reads every key of the format, with file names relative to the file', () => {
    const result = parseWebConfig(
      [
        'tls_server_config:',
        '  cert_file: tls/server.crt',
        '  key_file: /abs/server.key',
        '  client_ca_file: ca.crt',
        '  client_auth_type: VerifyClientCertIfGiven',
        '  client_allowed_sans: [prometheus.example.com]',
        '  min_version: TLS13',
        '  max_version: TLS13',
        '  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]',
        '  curve_preferences: [X25519, CurveP256]',
        '  prefer_server_cipher_suites: false',
        'http_server_config:',
        '  http2: false',
        '  headers:',
        '    Strict-Transport-Security: max-age=31536000',
        '    X-Frame-Options: deny',
        'basic_auth_users:',
        `  alice: ${HASH}`,
      ].join('\n'),
      '/etc/nht/web.yml',
    );
    expect(result).toEqual({
      ok: true,
      config: {
        tls: {
          certFile: '/etc/nht/tls/server.crt',
          keyFile: '/abs/server.key',
          clientAuth: 'VerifyClientCertIfGiven',
          clientCaFile: '/etc/nht/ca.crt',
          clientAllowedSans: ['prometheus.example.com'],
          minVersion: 'TLS13',
          maxVersion: 'TLS13',
          ciphers: ['ECDHE-RSA-AES128-GCM-SHA256'],
          curves: ['X25519', 'P-256'],
          preferServerCiphers: false,
        },
        users: new Map([['alice', HASH]]),
        headers: { 'Strict-Transport-Security': 'max-age=31536000', 'X-Frame-Options': 'deny' },
        http2: false,
      },
    });
  });

  it('treats an empty file as no TLS and no authentication, and a client CA alone as "verify every client"', () => {
    expect(parseWebConfig('', 'w.yml')).toMatchObject({ ok: true, config: { tls: undefined, users: new Map() } });
    const ca = parseWebConfig('tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n', '/w.yml');
    expect(ca).toMatchObject({ ok: true, config: { tls: { clientAuth: 'RequireAndVerifyClientCert', minVersion: 'TLS12' } } });
  });

  it.each([
    ['an unknown key, with a suggestion', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  certfile: c\n', 'unknown key "tls_server_config.certfile" (did you mean "tls_server_config.cert_file"?)'],
    ['an unknown top-level key', 'basic_auth:\n  a: b\n', 'unknown key "basic_auth"'],
    ['a missing key file', 'tls_server_config:\n  cert_file: a\n', "tls_server_config.key_file: required: the server certificate's private key (PEM)"],
    ['an unknown TLS version', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n', 'tls_server_config.min_version: must be one of TLS10, TLS11, TLS12, TLS13, got "TLS14"'],
    ['max below min', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n  max_version: TLS12\n', 'tls_server_config.max_version: TLS12 is below min_version TLS13'],
    ['an unknown client auth type', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Always\n', 'tls_server_config.client_auth_type: must be one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert, got "Always"'],
    ['verification without a CA', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n', 'tls_server_config.client_auth_type: RequireAndVerifyClientCert needs client_ca_file, the CA that signs the client certificates'],
    ['an insecure or unknown cipher suite', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]\n', 'tls_server_config.cipher_suites: not supported: TLS_RSA_WITH_RC4_128_SHA'],
    ['a non-boolean', 'tls_server_config:\n  cert_file: a\n  key_file: b\n  prefer_server_cipher_suites: "yes"\n', 'tls_server_config.prefer_server_cipher_suites: must be true or false, got "yes"'],
    ['a header that cannot be set', 'http_server_config:\n  headers:\n    Content-Type: text/html\n', 'http_server_config.headers: "Content-Type" cannot be set'],
    ['a header value not allowed', 'http_server_config:\n  headers:\n    X-Frame-Options: allow\n', 'http_server_config.headers.X-Frame-Options: must be one of deny, sameorigin, got "allow"'],
    ['a user name with a colon', `basic_auth_users:\n  "a:b": ${HASH}\n`, 'basic_auth_users: user name "a:b" must not contain ":"'],
  ])('refuses %s', (_name, yaml, expected) => {
    const errors = errorsOf(yaml);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`/etc/nht/web.yml: ${expected}`);
  });

  it('refuses a password where a bcrypt hash belongs, without printing it', () => {
    const errors = errorsOf('basic_auth_users:\n  alice: hunter2-plain-password\n');
    expect(errors).toEqual([
      '/etc/nht/web.yml: basic_auth_users.alice: must be a bcrypt hash such as htpasswd -nbB user password prints ($2y$10$...), not a password',
    ]);
  });

  it('reports a YAML syntax error by position only, never quoting the line', () => {
    const errors = errorsOf('basic_auth_users:\n  alice: [hunter2-plain-password\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\/etc\/nht\/web\.yml: not valid YAML at line \d+, column \d+$/);
  });

  it('reports every problem of a file at once', () => {
    expect(errorsOf('tls_server_config:\n  min_version: TLS9\nbasic_auth_users:\n  bob: plain\nextra: 1\n')).toHaveLength(5);
  });
});
