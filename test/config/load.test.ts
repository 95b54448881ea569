import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ACCOUNT_ENV, loadErrors, loadOk, tempFiles } from './support.js';

const repo = join(import.meta.dirname, '..', '..');
const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function configFile(content: unknown): string {
  const t = tempFiles({ 'nht.json': JSON.stringify(content) });
  cleanups.push(t.cleanup);
  return t.path('nht.json');
}

describe('with nothing configured', () => {
  it('demo mode starts from the documented defaults, durations in milliseconds', () => {
    const { config, warnings } = loadOk(['--demo'], {});
    expect(config).toEqual({
      demo: true,
      liveperson: {
        accountId: '',
        authMode: 'oauth2',
        clientId: '',
        clientSecret: '',
        appKey: '',
        appSecret: '',
        accessToken: '',
        accessTokenSecret: '',
        bearerToken: '',
        csdsUrl: 'https://api.liveperson.net',
        nhtBaseUrl: '',
        sentinelBaseUrl: '',
        skillIds: [],
        source: 'nht_exporter',
        requestTimeout: 30_000,
        accountConfigBaseUrl: '',
      },
      poll: { interval: 300_000, settleDelay: 60_000, concurrency: 4, maxRetries: 3, retryDelay: 5_000, throttleDelay: 1_000, maxSkills: 20_000, deadline: 0 },
      server: { host: '0.0.0.0', port: 9818, webConfigFile: '' },
      proxy: { url: '' },
      log: { level: 'info', format: 'json' },
      simulator: { skills: 25, seed: 42, port: 0 },
      skillNames: { enabled: true, interval: 3_600_000 },
      otlp: {
        metricsExporter: 'none',
        endpoint: '',
        metricsEndpoint: '',
        headers: '',
        protocol: 'http/protobuf',
        compression: 'none',
        timeout: 10_000,
        exportInterval: 60_000,
        serviceName: '',
        resourceAttributes: '',
      },
    });
    expect(warnings).toEqual([]);
  });

  it('outside demo mode start-up fails with one line saying what to set', () => {
    expect(loadErrors([], {})).toEqual([
      'liveperson.accountId (LP_ACCOUNT_ID): required: set LP_ACCOUNT_ID and OAuth 2.0 credentials (LP_CLIENT_ID, LP_CLIENT_SECRET), or run with --demo to use the built-in simulator',
    ]);
  });
});

describe('each source overrides the one before: defaults < file < environment < flags', () => {
  it('a file value beats the default', () => {
    const file = configFile({ poll: { interval: '2m' } });
    expect(loadOk(['--config', file], ACCOUNT_ENV).config.poll.interval).toBe(120_000);
  });

  it('an environment variable beats the file', () => {
    const file = configFile({ poll: { interval: '2m' } });
    const { config } = loadOk(['--config', file], { ...ACCOUNT_ENV, NHT_POLL_INTERVAL: '3m' });
    expect(config.poll.interval).toBe(180_000);
  });

  it('a flag beats the environment and the file', () => {
    const file = configFile({ poll: { interval: '2m' } });
    const { config } = loadOk(['--config', file, '--poll-interval', '4m'], { ...ACCOUNT_ENV, NHT_POLL_INTERVAL: '3m' });
    expect(config.poll.interval).toBe(240_000);
  });

  it('keys the file leaves out keep their defaults and the others stay where they came from', () => {
    const file = configFile({ liveperson: { accountId: '87654321' }, server: { port: 9900 } });
    const { config } = loadOk(['--config', file, '--port=9901'], { ...ACCOUNT_ENV, LP_ACCOUNT_ID: '11112222' });
    expect(config.liveperson.accountId).toBe('11112222');
    expect(config.server.port).toBe(9901);
    expect(config.server.host).toBe('0.0.0.0');
  });

  it('the environment and argv given are the only ones read (process.env is left alone)', () => {
    const saved = process.env['NHT_POLL_INTERVAL'];
    process.env['NHT_POLL_INTERVAL'] = '7m';
    try {
      expect(loadOk(['--demo'], {}).config.poll.interval).toBe(300_000);
    } finally {
      if (saved === undefined) delete process.env['NHT_POLL_INTERVAL'];
      else process.env['NHT_POLL_INTERVAL'] = saved;
    }
  });
});

describe('flags', () => {
  it('--demo works as a flag without a value, anywhere on the line', () => {
    expect(loadOk(['--demo'], {}).config.demo).toBe(true);
    expect(loadOk(['--demo', '--port', '0'], {}).config.demo).toBe(true);
    expect(loadOk(['--port', '0', '--demo'], {}).config.demo).toBe(true);
  });

  it('the flags main.ts handles itself are not refused', () => {
    const { config } = loadOk(['--check-config', '--help', '--print-config-docs', '--demo'], {});
    expect(config.demo).toBe(true);
  });

  it('NHT_DEMO=0 means false, so a real account is then required', () => {
    expect(loadErrors([], { NHT_DEMO: '0' })[0]).toMatch(/^liveperson\.accountId \(LP_ACCOUNT_ID\): required/);
    expect(loadOk([], { NHT_DEMO: 'yes' }).config.demo).toBe(true);
  });

  it('--config=<file> and --config <file> are both understood', () => {
    const file = configFile({ demo: true });
    expect(loadOk([`--config=${file}`], {}).config.demo).toBe(true);
    expect(loadOk(['--config', file], {}).config.demo).toBe(true);
  });

  it('--config given twice is an error rather than a silent choice', () => {
    const file = configFile({ demo: true });
    expect(loadErrors(['--config', file, '--config', file], {})).toEqual(['--config: given 2 times; give one file']);
  });
});

describe('the shipped configuration files (--check-config on them)', () => {
  it('config/example.json validates for a real account once the client secret is given', () => {
    const { config, warnings } = loadOk(['--config', join(repo, 'config/example.json')], {
      LP_CLIENT_SECRET: 'fake-client-secret-0001',
    });
    expect(config.demo).toBe(false);
    expect(config.liveperson.authMode).toBe('oauth2');
    expect(config.liveperson.accountId).toMatch(/^\d+$/);
    expect(config.liveperson.clientId).not.toBe('');
    expect(config.poll.interval).toBe(300_000);
    expect(warnings).toEqual([]);
  });

  it('config/example.json without the secret says which variable is missing', () => {
    expect(loadErrors(['--config', join(repo, 'config/example.json')], {})).toEqual([
      'liveperson.clientSecret (LP_CLIENT_SECRET): required when LP_AUTH_MODE is oauth2: set LP_CLIENT_SECRET or LP_CLIENT_SECRET_FILE',
    ]);
  });

  it('config/demo.json validates with no environment at all', () => {
    const { config } = loadOk(['--config', join(repo, 'config/demo.json')], {});
    expect(config.demo).toBe(true);
    expect(config.poll.interval).toBe(15_000);
  });
});

describe('the credentials of the chosen auth mode', () => {
  it('oauth1 with its four app-key values loads, with a warning that LivePerson retires it', () => {
    const { config, warnings } = loadOk([], {
      LP_ACCOUNT_ID: '12345678',
      LP_AUTH_MODE: 'oauth1',
      LP_APP_KEY: 'fake-app-key-0001',
      LP_APP_SECRET: 'fake-app-secret-0001',
      LP_ACCESS_TOKEN: 'fake-access-token-0001',
      LP_ACCESS_TOKEN_SECRET: 'fake-access-token-secret-0001',
    });
    expect(config.liveperson.appSecret).toBe('fake-app-secret-0001');
    expect(warnings).toEqual([
      'LP_AUTH_MODE is oauth1: LivePerson retires OAuth 1.0 app keys (read-only from 30 Sep 2025, end of life 31 May 2026); move to oauth2 with LP_CLIENT_ID, LP_CLIENT_SECRET',
    ]);
  });

  it('bearer needs only the token', () => {
    const { config } = loadOk([], { LP_ACCOUNT_ID: '12345678', LP_AUTH_MODE: 'bearer', LP_BEARER_TOKEN: 'fake-bearer-token-0001' });
    expect(config.liveperson.bearerToken).toBe('fake-bearer-token-0001');
  });

  it('credentials of another mode are ignored with a warning naming the variables only', () => {
    const { warnings } = loadOk([], { ...ACCOUNT_ENV, LP_BEARER_TOKEN: 'fake-bearer-token-0001' });
    expect(warnings).toEqual(['LP_AUTH_MODE is oauth2: ignoring LP_BEARER_TOKEN']);
  });

  it('demo mode needs no credentials and says it ignores the ones given', () => {
    const { config, warnings } = loadOk(['--demo'], ACCOUNT_ENV);
    expect(config.demo).toBe(true);
    expect(warnings).toEqual(['demo mode uses the built-in simulator: ignoring LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET']);
  });

  it('a secret given as a flag works but warns that the process list shows it', () => {
    const { config, warnings } = loadOk(['--client-secret', 'fake-client-secret-0002'], { ...ACCOUNT_ENV, LP_CLIENT_SECRET: undefined });
    expect(config.liveperson.clientSecret).toBe('fake-client-secret-0002');
    expect(warnings).toEqual([
      '--client-secret: a secret on the command line can be read by anyone on the machine from the process list; prefer LP_CLIENT_SECRET_FILE',
    ]);
    expect(warnings.join('\n')).not.toContain('fake-client-secret-0002');
  });
});

describe('loadConfig never throws', () => {
  it('returns errors for input it cannot make sense of', () => {
    const result = loadConfig(['--config', '/'], { NHT_POLL_INTERVAL: '\u0000' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.length).toBeGreaterThan(0);
  });
});
