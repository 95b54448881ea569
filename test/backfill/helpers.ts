/** Runs `backfill` in-process against a simulator, on an injected clock, collecting what it prints. */
import { Writable } from 'node:stream';
import { backfillMain } from '../../src/backfill/cli.js';
import { SIMULATOR_DEFAULTS } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/types.js';

/** Wednesday 2026-11-25 14:07:30 UTC, the simulator tests' NOW. */
export const NOW = Date.UTC(2026, 10, 25, 14, 7, 30);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const WEEK = 7 * 24 * HOUR;

export function collector(): Writable & { text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** The environment of an OAuth 2.0 account served by the simulator, with short retry waits. */
export function simEnv(sim: Simulator, extra: Record<string, string> = {}): Record<string, string> {
  return {
    LP_ACCOUNT_ID: sim.accountId,
    LP_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
    LP_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
    LP_CSDS_URL: sim.url,
    NHT_RETRY_DELAY: '1ms',
    NHT_THROTTLE_DELAY: '1ms',
    NHT_MAX_RETRIES: '2',
    LOG_FORMAT: 'text',
    ...extra,
  };
}

export async function runBackfill(
  argv: string[],
  env: Record<string, string>,
  now: () => number = () => NOW,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = collector();
  const stderr = collector();
  const code = await backfillMain(argv, env, { stdout, stderr, now });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
