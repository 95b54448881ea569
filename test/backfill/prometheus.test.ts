import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/types.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { HOUR, MINUTE, NOW, runBackfill, simEnv, WEEK } from './helpers.js';

// Two weeks and a day of history from the simulator, made into blocks by promtool, read back by a
// real Prometheus (Debian's package, installed by the test setup) at many past instants.
const QUARTER = 15 * MINUTE;
const FROM = NOW - 2 * WEEK - 24 * HOUR;
const TO = Math.floor((NOW - 3 * HOUR) / (2 * HOUR)) * 2 * HOUR;

let sim: Simulator;
let prometheus: RunningPrometheus;
let dir: string;
let result: Awaited<ReturnType<typeof runBackfill>>;
let clock = NOW;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nht-backfill-'));
  // Every NHT request moves the clock 40 s on: tokens (60 s) expire during the run and are renewed.
  sim = await startSimulator({
    skills: 12,
    pascalCaseRate: 0.5,
    tokenTtlSeconds: 60,
    now: () => clock,
    faults: { script: (req) => void (req.api === 'nht' && (clock += 40_000)) },
  });
  result = await runBackfill(['--from', new Date(FROM).toISOString(), '--blocks', join(dir, 'blocks'), '--label', 'instance=nht:9818'], simEnv(sim), () => clock);
  prometheus = await startPrometheus({ targets: [], blocksFrom: join(dir, 'blocks'), args: ['--storage.tsdb.retention.time=3650d'] });
}, 120_000);

afterAll(async () => {
  await prometheus?.stop();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** What /metrics showed at `t` (epoch ms): polls at :01, :06, ..., each reading the quarter and the hour completed a minute before it. */
function liveValues(t: number): Map<string, number> {
  const poll = Math.floor((t - MINUTE) / (5 * MINUTE)) * 5 * MINUTE + MINUTE;
  const settled = poll - MINUTE;
  const quarterStart = Math.floor(settled / QUARTER) * QUARTER - QUARTER;
  const hourStart = Math.floor(settled / HOUR) * HOUR - HOUR;
  const out = new Map<string, number>();
  for (const skillId of sim.skillIds) {
    for (const metric of NHT_METRICS) {
      // Hourly metrics are replicated into every quarter of their hour: read the last one.
      const start = metric.granularity === '1h' ? hourStart + 3 * QUARTER : quarterStart;
      const value = sim.bucket(skillId, start, 15)[metric.field];
      if (value !== -1) out.set(`${metric.name}/${skillId}`, value);
    }
  }
  out.set('liveperson_nht_interval_start_timestamp_seconds/15m', quarterStart / 1000);
  out.set('liveperson_nht_interval_start_timestamp_seconds/1h', hourStart / 1000);
  return out;
}

describe('backfill → promtool blocks → a real Prometheus', () => {
  it('succeeds, in windows of at most a week', () => {
    expect(result.stderr).toContain('backfill finished');
    expect(result.code).toBe(0);
    // 12 skills are two pages; a token lives 60 s and every request takes 40 s of the clock.
    expect(sim.stats.nhtRequests).toBeGreaterThanOrEqual(6);
    expect(sim.stats.tokenRequests).toBeGreaterThan(1);
  });

  it('leaves one finished block per 162-hour window in the folder, and no staging area', async () => {
    const entries = await readdir(join(dir, 'blocks'));
    const span = 162 * HOUR;
    const slots = new Set<number>();
    for (let t = FROM + 3 * HOUR; t < TO; t += HOUR) slots.add(Math.floor(t / span));
    expect(entries).toHaveLength(slots.size);
    for (const e of entries) {
      expect(e).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      const meta = JSON.parse(await readFile(join(dir, 'blocks', e, 'meta.json'), 'utf8')) as { minTime: number; maxTime: number };
      expect(Math.floor(meta.minTime / span)).toBe(Math.floor((meta.maxTime - 1) / span));
    }
  });

  it('answers instant queries at many past times with what /metrics showed then: both kinds of metric, -1 absent', async () => {
    // Instants spread over the range, off the 5-minute grid, plus the edges of a quarter change.
    const instants: number[] = [];
    for (let i = 0; i < 30; i += 1) instants.push(FROM + 3 * HOUR + Math.floor(((TO - FROM - 4 * HOUR) * i) / 30) + 37_000 * (i % 7));
    const quarterChange = Math.floor((FROM + 5 * 24 * HOUR) / HOUR) * HOUR + 16 * MINUTE;
    instants.push(quarterChange - 1000, quarterChange, quarterChange + 4 * MINUTE + 59_000, TO - 1000);
    let compared = 0;
    let absent = 0;
    for (const t of instants) {
      const expected = liveValues(t);
      const rows = await prometheus.query('{__name__=~"liveperson_nht_.+"}', t / 1000);
      const got = new Map<string, number>();
      for (const r of rows) {
        expect(r.metric.job).toBe('liveperson-nht');
        expect(r.metric.instance).toBe('nht:9818');
        const key = r.metric.skill_id ?? r.metric.interval;
        if (r.metric.skill_id) expect(r.metric.account_id).toBe(sim.accountId);
        got.set(`${r.metric.__name__}/${key}`, Number(r.value[1]));
      }
      expect(got, new Date(t).toISOString()).toEqual(expected);
      compared += expected.size;
      absent += sim.skillIds.length * NHT_METRICS.length + 2 - expected.size;
    }
    // The comparison covered real values and absent ones (nights, dormant skills) alike.
    expect(compared).toBeGreaterThan(instants.length * 40);
    expect(absent).toBeGreaterThan(0);
  });

  it('has nothing before the first instant whose hour LivePerson still keeps, nor after --to', async () => {
    expect(await prometheus.query('liveperson_nht_interval_start_timestamp_seconds', (FROM - 10 * MINUTE) / 1000)).toEqual([]);
    expect(await prometheus.query('liveperson_nht_interval_start_timestamp_seconds', (TO + 6 * MINUTE) / 1000)).toEqual([]);
  });
});
