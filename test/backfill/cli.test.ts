import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/types.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { BACKFILL_OPTIONS } from '../../src/backfill/options.js';
import { cli } from '../cli/support.js';
import { NOW, runBackfill, simEnv } from './helpers.js';

let sim: Simulator;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nht-backfill-'));
  sim = await startSimulator({ skills: 12, now: () => NOW });
});

afterEach(async () => {
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

function noRequests(): void {
  expect(sim.stats).toMatchObject({ nhtRequests: 0, tokenRequests: 0, domainRequests: 0 });
}

describe('backfill refuses a range LivePerson cannot answer, before any request, with exit 2', () => {
  const cases: Array<[string, string[], string]> = [
    ['from is after to', ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-19T00:00:00Z'], 'backfill: --from 2026-11-20T00:00:00Z is not before --to 2026-11-19T00:00:00Z'],
    ['from equals to', ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-20T00:00:00Z'], 'backfill: --from 2026-11-20T00:00:00Z is not before --to 2026-11-20T00:00:00Z'],
    ['to is in the future', ['--from', '1d', '--to', '2026-11-26T00:00:00Z'], 'backfill: --to 2026-11-26T00:00:00Z is in the future (now is 2026-11-25T14:07:30Z)'],
    ['from is older than 9 weeks', ['--from', '2026-09-01T00:00:00Z'], 'backfill: --from 2026-09-01T00:00:00Z is older than the 9 weeks LivePerson keeps (the oldest is 2026-09-23T14:07:30Z)'],
    ['from is 10 weeks back', ['--from', '10w'], 'backfill: --from 2026-09-16T14:07:30Z is older than the 9 weeks LivePerson keeps (the oldest is 2026-09-23T14:07:30Z)'],
    ['from is not a time', ['--from', 'yesterday'], 'backfill: --from "yesterday" is neither an ISO 8601 UTC time (2026-10-01T00:00:00Z) nor a duration back from now (9w, 36h)'],
    ['to has no zone', ['--to', '2026-11-20T00:00:00'], 'backfill: --to "2026-11-20T00:00:00" is neither an ISO 8601 UTC time (2026-10-01T00:00:00Z) nor a duration back from now (9w, 36h)'],
    ['a date does not exist', ['--from', '2026-02-30T00:00:00Z'], 'backfill: --from "2026-02-30T00:00:00Z" is neither an ISO 8601 UTC time (2026-10-01T00:00:00Z) nor a duration back from now (9w, 36h)'],
    ['no output is named', ['--from', '1d', '--output'], 'backfill: --output needs a value: --output FILE'],
    ['a label is not NAME=VALUE', ['--label', 'job'], 'backfill: --label "job" is not NAME=VALUE with a Prometheus label name'],
    ['a label is the exporter\'s own', ['--label', 'skill_id=1'], "backfill: --label skill_id=...: skill_id is a label of the exporter's own series and cannot be set"],
  ];

  it.each(cases)('when %s', async (_name, argv, message) => {
    const out = argv.includes('--output') ? [] : ['--output', join(dir, 'out.om')];
    const { code, stderr } = await runBackfill([...argv, ...out], simEnv(sim));
    expect(stderr.trim()).toBe(message);
    expect(code).toBe(2);
    noRequests();
  });

  it('when neither --output nor --blocks is given', async () => {
    const { code, stderr } = await runBackfill(['--from', '1d'], simEnv(sim));
    expect(stderr.trim()).toBe('backfill: give --output FILE (or - for standard output), --blocks DIR, or both');
    expect(code).toBe(2);
  });

  it('when promtool is missing, naming the package that has it', async () => {
    const { code, stderr } = await runBackfill(['--from', '1d', '--blocks', join(dir, 'b'), '--promtool', join(dir, 'no-promtool')], simEnv(sim));
    expect(stderr).toContain('was not found');
    expect(stderr).toContain('apt-get install prometheus');
    expect(code).toBe(2);
    noRequests();
  });

  it('when the configuration is invalid, with the loader\'s message', async () => {
    const { code, stderr } = await runBackfill(['--from', '1d', '--output', '-'], { ...simEnv(sim), LP_ACCOUNT_ID: '' });
    expect(stderr).toMatch(/^invalid configuration: /);
    expect(code).toBe(2);
    noRequests();
  });
});

describe('a window that still fails after its retries', () => {
  it('ends the command with exit 1, names the window and the page, and leaves no file and no blocks', async () => {
    // The second window's second page always answers 503.
    sim.setFaults({ script: (req) => (req.api === 'nht' && req.seq >= 2 && req.offset === 10 ? { kind: 'status', status: 503 } : undefined) });
    const output = join(dir, 'history.om');
    const blocks = join(dir, 'blocks');
    const { code, stderr } = await runBackfill(['--from', '3w', '--output', output, '--blocks', blocks], simEnv(sim));
    expect(code).toBe(1);
    expect(stderr).toMatch(/backfill failed.*window 2 of 4 \(2026-\d\d-\d\dT\d\d:\d\d:\d\dZ to 2026-\d\d-\d\dT\d\d:\d\d:\d\dZ\) failed: NHT page at offset 10 failed: nht request failed: HTTP 503/);
    await expect(stat(output)).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['blocks']);
    // Not even the first window's block, which promtool had already made.
    expect(await readdir(blocks)).toEqual([]);
  });
});

describe('--output -', () => {
  it('writes OpenMetrics to standard output: every family once, each series in time order, # EOF last', async () => {
    const { code, stdout } = await runBackfill(['--from', '30h', '--to', '2026-11-25T08:00:00Z', '--output', '-', '--label', 'job=nht', '--label', 'env=prod'], simEnv(sim));
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.at(-2)).toBe('# EOF');
    const types = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(types).toEqual([...NHT_METRICS.map((m) => m.name), 'liveperson_nht_interval_start_timestamp_seconds']);
    let family = '';
    const seen = new Set<string>();
    const lastTime = new Map<string, number>();
    for (const line of lines.slice(0, -2)) {
      if (line.startsWith('# TYPE ')) {
        family = line.split(' ')[2]!;
        expect(seen.has(family)).toBe(false);
        seen.add(family);
        continue;
      }
      if (line.startsWith('#')) continue;
      const m = /^([a-z_]+)(\{[^}]*\}) (\S+) (\d+)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect(m![1]).toBe(family);
      expect(m![2]).toContain('job="nht",instance="liveperson-nht-exporter:9818",env="prod"');
      const key = m![1]! + m![2]!;
      const t = Number(m![4]);
      expect(t).toBeGreaterThan(lastTime.get(key) ?? 0);
      // On the poll grid: a minute past every 5 minutes.
      expect(t % 300).toBe(60);
      lastTime.set(key, t);
    }
    expect(lastTime.size).toBeGreaterThan(12 * 4);
  });
});

describe('backfill on the command line', () => {
  it('--help lists every option of the table', async () => {
    const { code, out } = await cli(['backfill', '--help']);
    expect(code).toBe(0);
    for (const o of BACKFILL_OPTIONS) expect(out).toContain(`--${o.name} ${o.value}`);
  });

  it('refuses a misspelt option before anything else, with a suggestion', async () => {
    const { code, err } = await cli(['backfill', '--form', '1d']);
    expect(code).toBe(2);
    expect(err).toContain('unknown flag --form (did you mean --from?)');
    noRequests();
  });

  it('is listed in the overview help', async () => {
    const { out } = await cli(['--help']);
    expect(out).toMatch(/^ {2}backfill +Write the NHT history/m);
  });
});
