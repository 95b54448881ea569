import { describe, expect, it } from 'vitest';
import { configKeys } from '../../src/config/keys.js';

/** The one flag named as in every exporter built on the Prometheus exporter-toolkit, not after its variable. */
const TOOLKIT_FLAG = 'web.config.file';

describe('the schema, single source of truth', () => {
  const keys = configKeys();

  it('gives every key a doc, a format, a default, an environment variable and a flag', () => {
    expect(keys.length).toBe(46);
    for (const key of keys) {
      expect(key.doc.length, key.path).toBeGreaterThan(10);
      expect(key.format, key.path).toBeDefined();
      expect(key.default, key.path).toBeDefined();
      expect(key.env, key.path).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(key.arg, key.path).toMatch(key.arg === TOOLKIT_FLAG ? /^web\.config\.file$/ : /^[a-z][a-z0-9-]*$/);
    }
  });

  it('uses each environment variable and flag once', () => {
    expect(new Set(keys.map((k) => k.env)).size).toBe(keys.length);
    expect(new Set(keys.map((k) => k.arg)).size).toBe(keys.length);
  });

  it('names each flag after its variable without the LP_/NHT_ prefix', () => {
    for (const key of keys.filter((k) => k.arg !== TOOLKIT_FLAG)) {
      expect(`--${key.arg}`, key.path).toBe(`--${key.env.replace(/^(LP|NHT)_/, '').toLowerCase().replace(/_/g, '-')}`);
    }
  });

  it('lets every secret, and the client id, be read from a _FILE variable', () => {
    const fromFile = keys.filter((k) => k.fileEnv).map((k) => k.env);
    expect(fromFile).toEqual(['LP_CLIENT_ID', 'LP_CLIENT_SECRET', 'LP_APP_KEY', 'LP_APP_SECRET', 'LP_ACCESS_TOKEN', 'LP_ACCESS_TOKEN_SECRET', 'LP_BEARER_TOKEN', 'NHT_PROXY_URL', 'OTEL_EXPORTER_OTLP_HEADERS']);
    for (const key of keys.filter((k) => k.sensitive)) expect(key.fileEnv).toBe(`${key.env}_FILE`);
  });

  it('marks the credentials sensitive but not the ids', () => {
    expect(keys.filter((k) => k.sensitive).map((k) => k.path)).toEqual([
      'liveperson.clientSecret',
      'liveperson.appKey',
      'liveperson.appSecret',
      'liveperson.accessToken',
      'liveperson.accessTokenSecret',
      'liveperson.bearerToken',
      'proxy.url',
      'otlp.headers',
    ]);
  });
});
