import { afterEach, describe, expect, it } from 'vitest';
import { describeConfig } from '../../src/config/describe.js';
import { createLogger, scrub } from '../../src/log.js';
import { loadErrors, loadOk, tempFiles } from './support.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function secretDir(files: Record<string, string>): (name: string) => string {
  const t = tempFiles(files);
  cleanups.push(t.cleanup);
  return t.path;
}

describe('secrets from files named by <ENV>_FILE (Kubernetes-mounted secrets)', () => {
  it('reads LP_CLIENT_SECRET_FILE and LP_CLIENT_ID_FILE, dropping the trailing newline', () => {
    const path = secretDir({ client_secret: 'fake-secret-from-file-0001\n', client_id: 'exporter-client\r\n' });
    const { config } = loadOk([], {
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID_FILE: path('client_id'),
      LP_CLIENT_SECRET_FILE: path('client_secret'),
    });
    expect(config.liveperson.clientSecret).toBe('fake-secret-from-file-0001');
    expect(config.liveperson.clientId).toBe('exporter-client');
  });

  it('keeps inner whitespace and a file without a final newline as they are', () => {
    const path = secretDir({ token: 'fake bearer token 0001' });
    const { config } = loadOk([], { LP_ACCOUNT_ID: '12345678', LP_AUTH_MODE: 'bearer', LP_BEARER_TOKEN_FILE: path('token') });
    expect(config.liveperson.bearerToken).toBe('fake bearer token 0001');
  });

  it('reads every oauth1 value from its file', () => {
    const path = secretDir({ k: 'fake-app-key-0001\n', s: 'fake-app-secret-0001\n', t: 'fake-token-0001\n', ts: 'fake-token-secret-0001\n' });
    const { config } = loadOk([], {
      LP_ACCOUNT_ID: '12345678',
      LP_AUTH_MODE: 'oauth1',
      LP_APP_KEY_FILE: path('k'),
      LP_APP_SECRET_FILE: path('s'),
      LP_ACCESS_TOKEN_FILE: path('t'),
      LP_ACCESS_TOKEN_SECRET_FILE: path('ts'),
    });
    expect(config.liveperson).toMatchObject({
      appKey: 'fake-app-key-0001',
      appSecret: 'fake-app-secret-0001',
      accessToken: 'fake-token-0001',
      accessTokenSecret: 'fake-token-secret-0001',
    });
  });

  it('a flag still overrides a secret read from a file', () => {
    const path = secretDir({ client_secret: 'fake-secret-from-file-0001\n' });
    const { config } = loadOk(['--client-secret', 'fake-secret-from-flag-0001'], {
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: 'exporter-client',
      LP_CLIENT_SECRET_FILE: path('client_secret'),
    });
    expect(config.liveperson.clientSecret).toBe('fake-secret-from-flag-0001');
  });

  it('setting both X and X_FILE is an error that shows neither value', () => {
    const path = secretDir({ client_secret: 'fake-secret-from-file-0002\n' });
    const errors = loadErrors([], {
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: 'exporter-client',
      LP_CLIENT_SECRET: 'fake-secret-from-env-0002',
      LP_CLIENT_SECRET_FILE: path('client_secret'),
    });
    expect(errors).toEqual([
      'liveperson.clientSecret (LP_CLIENT_SECRET_FILE): both LP_CLIENT_SECRET and LP_CLIENT_SECRET_FILE are set; set only one',
    ]);
  });

  it('an empty X next to X_FILE counts as not set (templates often leave X= behind)', () => {
    const path = secretDir({ client_secret: 'fake-secret-from-file-0003\n' });
    const { config } = loadOk([], {
      LP_ACCOUNT_ID: '12345678',
      LP_CLIENT_ID: 'exporter-client',
      LP_CLIENT_SECRET: '',
      LP_CLIENT_SECRET_FILE: path('client_secret'),
    });
    expect(config.liveperson.clientSecret).toBe('fake-secret-from-file-0003');
  });

  it('a directory in place of the file is reported by variable and path', () => {
    const path = secretDir({});
    expect(loadErrors([], { LP_ACCOUNT_ID: '12345678', LP_CLIENT_ID: 'x', LP_CLIENT_SECRET_FILE: path('') })).toEqual([
      `liveperson.clientSecret (LP_CLIENT_SECRET_FILE): cannot read ${path('')}: is a directory (EISDIR)`,
    ]);
  });
});

describe('secrets never show', () => {
  const secret = 'fake-secret-never-shown-0001';

  it('not in error messages, even when the secret itself is what is wrong', () => {
    const path = secretDir({ 'nht.json': JSON.stringify({ liveperson: { clientSecret: ['fake-secret-in-a-list-0001'] } }) });
    const errors = loadErrors(['--config', path('nht.json')], { LP_ACCOUNT_ID: '12345678', LP_CLIENT_ID: 'x' });
    expect(errors).toEqual([`${path('nht.json')}: "liveperson.clientSecret" must be a string (in quotes), not a list`]);
  });

  it('not in describeConfig output, which still says which secrets are set', () => {
    const { config } = loadOk([], { LP_ACCOUNT_ID: '12345678', LP_CLIENT_ID: 'exporter-client', LP_CLIENT_SECRET: secret });
    const described = describeConfig(config);
    expect(JSON.stringify(described)).not.toContain(secret);
    expect(described['liveperson']).toMatchObject({ clientId: 'exporter-client', clientSecret: '[REDACTED]', bearerToken: '' });
  });

  it('not in log lines: every loaded secret is registered with the log scrubber', () => {
    const path = secretDir({ token: 'fake-token-from-file-0001\n' });
    loadOk([], { LP_ACCOUNT_ID: '12345678', LP_AUTH_MODE: 'bearer', LP_BEARER_TOKEN_FILE: path('token') });
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).error('LivePerson refused token fake-token-from-file-0001');
    expect(lines.join('\n')).not.toContain('fake-token-from-file-0001');
    expect(scrub('flag fake-flag-secret-0001')).toContain('fake-flag-secret-0001');
    loadOk(['--demo', '--app-secret', 'fake-flag-secret-0001'], {});
    expect(scrub('flag fake-flag-secret-0001')).not.toContain('fake-flag-secret-0001');
  });
});
