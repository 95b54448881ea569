/**
 * Runs `promtool tsdb create-blocks-from openmetrics`. promtool reads its input once to find the
 * time range, then again for every block it writes (2 hours long by default), and each block
 * costs a fixed share of time of its own: nine weeks in 2-hour blocks is 756 blocks and as many
 * passes over the file. The backfill writes one file per 162-hour window instead and passes
 * `--max-block-duration=162h` (a flag Prometheus 2.42's promtool takes without listing it in
 * its help): promtool aligns blocks to multiples of 162 hours, like the windows, so each file
 * is read twice and becomes one block.
 */
import { spawn } from 'node:child_process';

export const PROMTOOL_PACKAGE_HINT =
  "install it with Prometheus (Debian/Ubuntu: apt-get install prometheus; or the promtool binary of a Prometheus release), or name it with --promtool PATH";

function run(path: string, args: readonly string[], signal?: AbortSignal): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(signal && { signal }) });
    let output = '';
    const keep = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** undefined when promtool runs; otherwise a message naming what to install. */
export async function checkPromtool(path: string): Promise<string | undefined> {
  try {
    const { code, output } = await run(path, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=2h', '--help']);
    if (code === 0) return undefined;
    if (/max-block-duration/.test(output)) return `${path} is too old: it has no --max-block-duration (use the promtool of Prometheus 2.42 or later)`;
    return `${path} tsdb create-blocks-from openmetrics --help failed (exit ${code}): ${output.trim().slice(0, 300)}`;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : (err as Error).message;
    return `--blocks needs promtool, and ${path} was ${why}: ${PROMTOOL_PACKAGE_HINT}`;
  }
}

/** Turns one OpenMetrics file into blocks under `outDir`; rejects with promtool's own words. */
export async function createBlocks(path: string, file: string, outDir: string, blockDuration: string, signal?: AbortSignal): Promise<void> {
  const args = ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', `--max-block-duration=${blockDuration}`, file, outDir];
  const { code, output } = await run(path, args, signal);
  if (code !== 0) throw new Error(`promtool could not create blocks from ${file} (exit ${code}): ${output.trim().slice(-1000)}`);
}
