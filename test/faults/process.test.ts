/**
 * The fault suite, part 5: the built exporter as a process, as a container runs it. Oversized
 * answers under the heap the image gives (its NODE_OPTIONS, read from the Dockerfile), and SIGTERM while
 * LivePerson and the OTLP receiver both hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATOR_DEFAULTS, startSimulator } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/types.js';
import { startFake, type FakeServer } from '../liveperson/fake-server.js';
import { leakForms } from './support.js';

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');
const SECRET = SIMULATOR_DEFAULTS.clientSecret;
/** The heap options the image runs the exporter with, as the benchmarks read them from the Dockerfile. */
const benchLib: string = '../bench/lib/processes.mjs';
const { IMAGE_NODE_OPTIONS } = (await import(benchLib)) as { IMAGE_NODE_OPTIONS: string };

let sim: Simulator | undefined;
let receiver: FakeServer | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await sim?.stop();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
  child = undefined;
});

interface Started {
  readonly lines: string[];
  /** Resolves with the first log line matching `pattern` (already written or to come). */
  line(pattern: RegExp, ms: number): Promise<string>;
  readonly exited: Promise<{ code: number | null; at: number }>;
}

function startExporter(env: Record<string, string>, nodeArgs: string[] = []): Started {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'npm run build' (npm test does it)`);
  const proc = spawn(process.execPath, [...nodeArgs, MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  const feed = (chunk: Buffer): void => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
    for (const w of waiters) w();
  };
  proc.stdout!.on('data', feed);
  proc.stderr!.on('data', feed);
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => proc.on('exit', (code) => resolve({ code, at: performance.now() })));
  return {
    lines,
    exited,
    line: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.find((l) => pattern.test(l));
          if (found !== undefined) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no log line matching ${pattern} within ${ms} ms; got:\n${lines.join('\n')}`));
        }, ms);
        waiters.add(check);
        check();
      }),
  };
}

function envFor(s: Simulator, more: Record<string, string> = {}): Record<string, string> {
  return {
    LP_ACCOUNT_ID: s.accountId,
    LP_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
    LP_CLIENT_SECRET: SECRET,
    LP_NHT_BASE_URL: s.url,
    LP_SENTINEL_BASE_URL: s.url,
    NHT_SKILL_NAMES: 'false',
    NHT_RETRY_DELAY: '1ms',
    NHT_THROTTLE_DELAY: '1ms',
    HOST: '127.0.0.1',
    PORT: '0',
    ...more,
  };
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) * 1024;
}

/** A page of `limit: 10` holding 50,000 skill entries (about 66 MB), written as the client reads it. */
function* fiftyThousandSkills(): Generator<string> {
  const bucket = '{"timestamp":"2026-11-25T13:00","epochTimestamp":1764075600000,"arrivals":1,"avgTimeInQueue":2,"totalAgentSegmentDuration":3,"avgAgentSegmentDuration":4}';
  yield '{"_metadata":{"count":50000},"skillInfo":[';
  for (let i = 0; i < 50_000; i += 1) yield `${i ? ',' : ''}{"skillId":${i + 1},"metricsByIntervals":[${Array(8).fill(bucket).join(',')}]}`;
  yield ']}';
}

/** A valid page padded to 200 MB with white space. */
function* padded(): Generator<string | Buffer> {
  const space = Buffer.alloc(1024 * 1024, 0x20);
  yield '{"_metadata":{"count":25},"skillInfo":[]';
  for (let i = 0; i < 200; i += 1) yield space;
  yield '}';
}

describe("the exporter process under the image's heap limits", () => {
  it('survives 66 MB and 200 MB answers on every page at once, keeps answering, and says what was too big', async () => {
    // 200 skills: page 0 answers normally and promises 19 more pages, which all answer oversized.
    sim = await startSimulator({
      skills: 200,
      faults: {
        script: (req) =>
          req.api === 'nht' && req.offset !== 0
            ? { kind: 'stream', chunks: (req.offset ?? 0) % 20 === 0 ? padded : fiftyThousandSkills }
            : undefined,
      },
    });
    if (!IMAGE_NODE_OPTIONS.includes('--max-old-space-size=')) throw new Error('the Dockerfile sets no heap limit in ENV NODE_OPTIONS');
    const exporter = startExporter(envFor(sim, { NHT_CONCURRENCY: '8' }), IMAGE_NODE_OPTIONS.split(' '));
    const listening = await exporter.line(/"msg":"listening"/, 10_000);
    const url = /"url":"(http:[^"]+)\/metrics"/.exec(listening)![1]!;
    // No poll has succeeded yet, so the line says there is no data rather than "serving the last good data".
    await exporter.line(/"msg":"poll failed; no data yet/, 30_000);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const landing = await (await fetch(url)).text();
    expect(metrics).toContain('liveperson_nht_up 0\n');
    expect(exporter.lines.join('\n')).toMatch(/nht answer is larger than 1 MiB; stopped reading it/);
    const peak = peakRss(child!.pid!);
    // The process is alive and small: nowhere near the 1.3 to 3.9 GiB such answers once took.
    expect(child!.exitCode).toBeNull();
    expect(peak).toBeLessThan(300 * 1024 * 1024);
    for (const form of leakForms([SECRET])) expect([metrics, landing, ...exporter.lines].join('\n')).not.toContain(form);
    child!.kill('SIGTERM');
    expect((await exporter.exited).code).toBe(0);
    // For docs/reliability.md: the peak resident memory of this run.
    console.log(`oversized answers under ${IMAGE_NODE_OPTIONS}: peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`);
  }, 60_000);
});

describe('stopping the exporter process', () => {
  it('exits 0 within the documented 10 s on SIGTERM while a poll and the final OTLP push both hang', async () => {
    receiver = await startFake(() => undefined); // accepts every export and never answers
    sim = await startSimulator({ skills: 5, faults: { script: (req) => (req.api === 'nht' ? { kind: 'delay', ms: 120_000 } : undefined) } });
    const exporter = startExporter(
      envFor(sim, { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_TIMEOUT: '60s', OTEL_METRIC_EXPORT_INTERVAL: '60s' }),
    );
    await exporter.line(/"msg":"listening"/, 10_000);
    // The first poll is under way, and its page will not be answered.
    while (sim.stats.nhtRequests === 0) await new Promise((r) => setTimeout(r, 20));
    const sent = performance.now();
    child!.kill('SIGTERM');
    const { code, at } = await exporter.exited;
    const took = at - sent;
    expect(code).toBe(0);
    expect(took).toBeLessThan(10_000);
    // The poll had its 5 s of grace, then the push was tried and given up on.
    expect(took).toBeGreaterThan(5_000);
    expect(receiver.seen.some((r) => r.url === '/v1/metrics')).toBe(true);
    expect(exporter.lines.join('\n')).toMatch(/final OTLP push did not finish in time|OTLP shutdown did not finish cleanly/);
    console.log(`SIGTERM with a hanging poll and a hanging OTLP receiver: exited ${code} after ${(took / 1000).toFixed(1)} s`);
  }, 30_000);
});
