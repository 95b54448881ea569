import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface BenchResult {
  skills: number;
  hwm: number;
  rss: number;
  heapUsedMax: number;
  samples: number;
  pollSeconds: number[];
  stopMs: number;
  exitCode: number | null;
}

describe('the memory benchmark (test/bench/memory.mjs), run small', () => {
  it('measures the built exporter polling the simulator, then stops it with SIGTERM', async () => {
    expect(existsSync(join(ROOT, 'dist', 'main.js')), 'dist/main.js is missing: run npm run build first').toBe(true);
    const { stdout } = await run(process.execPath, ['test/bench/memory.mjs', '--skills', '20', '--polls', '1', '--scrapes', '1', '--json'], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const [result] = JSON.parse(stdout) as BenchResult[];
    expect(result!.skills).toBe(20);
    expect(result!.pollSeconds).toHaveLength(1);
    // Peak RSS is never below the current RSS, and a Node process takes some tens of MiB.
    expect(result!.hwm).toBeGreaterThanOrEqual(result!.rss);
    expect(result!.rss).toBeGreaterThan(20 * 1024 * 1024);
    expect(result!.heapUsedMax).toBeGreaterThan(0);
    // 20 skills x 9 NHT metrics and more: the scrape saw the polled data.
    expect(result!.samples).toBeGreaterThan(20 * 9);
    expect(result!.exitCode).toBe(0);
    expect(result!.stopMs).toBeLessThan(5_000);
  }, 90_000);
});
