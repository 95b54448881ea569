import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/index.js';
import { VERSION } from '../../src/version.js';
import { cli } from './support.js';

describe('a misspelt or stray argument', () => {
  it.each([
    [['--chek-config'], 'unknown flag --chek-config (did you mean --check-config?)'],
    [['--acount-id', '123'], 'unknown flag --acount-id (did you mean --account-id?)'],
    [['demo'], 'unexpected argument "demo" (did you mean --demo?)'],
    [['chek-config'], 'unexpected argument "chek-config" (did you mean check-config?)'],
    [['--demo', 'yes-please'], 'unexpected argument "yes-please"'],
    [['--poll-interval'], '--poll-interval needs a value: --poll-interval <duration>'],
    [['-x'], 'unknown flag -x'],
    [['--demo', '--', 'extra'], 'unexpected argument "extra"'],
  ])('%j exits 2 and says what is wrong, before anything starts', async (argv, message) => {
    const r = await cli(argv, {});
    expect(r.code).toBe(2);
    expect(r.err).toContain(`liveperson-nht-exporter: ${message}\n`);
    expect(r.err).toContain('Run liveperson-nht-exporter --help for the options.');
    expect(r.out).toBe('');
  });

  it('within a subcommand, is checked against that subcommand\'s options', async () => {
    const r = await cli(['simulator', '--skils', '5'], {});
    expect(r.code).toBe(2);
    expect(r.err).toContain('liveperson-nht-exporter simulator: unknown flag --skils (did you mean --skills?)');
    const online = await cli(['check-config', '--demo', '--poll-intervall', '1m'], {});
    expect(online.code).toBe(2);
    expect(online.err).toContain('unknown flag --poll-intervall (did you mean --poll-interval?)');
  });

  it('leaves the flags that exist alone: every setting, --config, and booleans with or without a value', async () => {
    const r = await cli(['--check-config', '--demo', 'true', '--skill-names', 'false', '--poll-interval=1m', '--log-level', 'debug'], {});
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('configuration is valid');
    expect(r.out).toContain('"interval": "1m"');
    expect(r.out).toMatch(/"skillNames": \{\s+"enabled": false/);
  });
});

describe('--help and --version', () => {
  it('--help lists every subcommand, --version and every setting, within 100 columns', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.out).toMatch(new RegExp(`^  ${c.name} +\\S`, 'm'));
    expect(r.out).toContain('  --version\n');
    expect(r.out).toContain('  --check-config\n');
    expect(r.out).toContain('  --config <file>\n');
    expect(r.out).toMatch(/^ {2}--poll-interval <duration> +\(env NHT_POLL_INTERVAL, default 5m\)$/m);
    for (const line of r.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('a subcommand\'s --help lists its own options', async () => {
    const r = await cli(['simulator', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: liveperson-nht-exporter simulator [options]');
    expect(r.out).toContain('  --client-secret <text>\n');
    expect(r.out).not.toContain('--poll-interval');
  });

  it('--version prints the name and version', async () => {
    const r = await cli(['--version']);
    expect(r).toEqual({ code: 0, out: `liveperson-nht-exporter ${VERSION}\n`, err: '' });
  });
});

describe('check-config', () => {
  it('works as a subcommand and as the --check-config flag, which manifests use', async () => {
    for (const argv of [['check-config', '--demo'], ['--demo', '--check-config']]) {
      const r = await cli(argv, {});
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.out).toContain('configuration is valid');
    }
  });

  it('prints the configuration with secrets redacted, and exits 2 on an invalid one', async () => {
    const ok = await cli(['check-config'], { LP_ACCOUNT_ID: '123', LP_CLIENT_ID: 'id', LP_CLIENT_SECRET: 'do-not-print-me-42' });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('"clientSecret": "[REDACTED]"');
    expect(ok.out + ok.err).not.toContain('do-not-print-me-42');
    const bad = await cli(['check-config'], { LP_ACCOUNT_ID: '123', NHT_POLL_INTERVAL: 'often' });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^invalid configuration: poll\.interval \(NHT_POLL_INTERVAL\)/m);
  });
});
