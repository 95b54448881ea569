import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { backfillMain } from '../../src/backfill/cli.js';
import type { FaultAction, FaultRequest } from '../../src/simulator/types.js';
import { useSimulator } from '../support/for-this-test.js';
import { collector, HOUR, MINUTE, NOW, runBackfill, simEnv, WEEK } from './helpers.js';

// Nine days, so two windows; 12 skills, so two pages a window.
const FROM = new Date(NOW - 9 * 24 * HOUR).toISOString();
const TO = '2026-11-25T10:00:00Z';
const ARGS = ['--from', FROM, '--to', TO, '--output', '-'];

async function backfillFrom(options: { tokenTtlSeconds?: number; script?: (req: FaultRequest, clock: { now: number }) => FaultAction | undefined }) {
  const clock = { now: NOW };
  const sim = await useSimulator({
    skills: 12,
    pascalCaseRate: 0.5,
    now: () => clock.now,
    ...(options.tokenTtlSeconds !== undefined && { tokenTtlSeconds: options.tokenTtlSeconds }),
    ...(options.script && { faults: { script: (req) => options.script!(req, clock) } }),
  });
  const result = await runBackfill(ARGS, simEnv(sim, { NHT_MAX_RETRIES: '4' }), () => clock.now);
  return { ...result, sim };
}

describe('backfill under 429s, 503s and expiring tokens', () => {
  it('writes exactly what a run without faults writes, and never asks for more than a week', async () => {
    const clean = await backfillFrom({});
    expect(clean.code).toBe(0);

    const spans: number[] = [];
    let faults = 0;
    const faulty = await backfillFrom({
      // A token lives a minute and every NHT request moves the clock 20 s on, so tokens expire
      // during the run; every third NHT request is refused, by turns with a 429 (and a
      // Retry-After of 0) and a 503.
      tokenTtlSeconds: 60,
      script: (req, clock) => {
        if (req.api !== 'nht') return undefined;
        clock.now += 20_000;
        const body = JSON.parse(req.body ?? '{}') as { fromMillis?: number; toMillis?: number };
        spans.push((body.toMillis ?? Infinity) - (body.fromMillis ?? 0));
        if (req.seq % 3 !== 0) return undefined;
        faults += 1;
        return req.seq % 6 === 0 ? { kind: 'status', status: 429, retryAfterSeconds: 0 } : { kind: 'status', status: 503 };
      },
    });
    expect(faulty.stderr).toContain('backfill finished');
    expect(faulty.code).toBe(0);
    expect(faults).toBeGreaterThanOrEqual(4);
    expect(faulty.sim.stats.tokenRequests).toBeGreaterThan(1);
    expect(faulty.stdout).toBe(clean.stdout);
    expect(spans.length).toBeGreaterThanOrEqual(8);
    for (const span of spans) expect(span).toBeLessThanOrEqual(WEEK);
    expect(clean.stdout.split('\n').length).toBeGreaterThan((9 * 24 * HOUR) / (5 * MINUTE));
  });
});

describe('a reader of standard output that stops reading', () => {
  it('cannot hold a stopped backfill: SIGTERM ends it non-zero and its part files are removed', async () => {
    const sim = await useSimulator({ skills: 12, now: () => NOW });
    const tmp = await mkdtemp(join(tmpdir(), 'nht-backfill-stall-'));
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    onTestFinished(async () => {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
      await rm(tmp, { recursive: true, force: true });
    });
    const stop = new AbortController();
    // Accepts the first chunk and never asks for more, as a pipe whose reader went to sleep.
    const stalled = new Writable({ highWaterMark: 1, write: () => stop.abort(new Error('stopped by SIGTERM')) });
    const stderr = collector();
    const code = await backfillMain(ARGS, simEnv(sim), { stdout: stalled, stderr, now: () => NOW, signal: stop.signal });
    expect(stop.signal.aborted).toBe(true);
    expect(code).not.toBe(0);
    expect(stderr.text()).toContain('stopped by SIGTERM');
    expect(await readdir(tmp)).toEqual([]);
  });
});
