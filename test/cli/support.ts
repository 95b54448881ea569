import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/index.js';

/** runCli in-process with its output captured: for commands that finish (help, errors, check-config). */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | undefined; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { env, out: (t) => (out += t.endsWith('\n') ? t : t + '\n'), err: (t) => (err += t.endsWith('\n') ? t : t + '\n') };
  const code = await runCli(argv, io);
  return { code, out, err };
}

// The built entry point, as users and the container run it; `npm test` builds it first.
export const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs dist/main.js until it exits, or until `until(output)` is true (then it is sent SIGTERM).
 * Killed after `timeoutMs` whatever happens, so a test never hangs.
 */
export function runMain(args: string[], env: Record<string, string>, until?: (stdout: string, stderr: string) => boolean, timeoutMs = 20_000): Promise<ProcessRun> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run 'npm run build' (npm test does it)`);
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let stopped = false;
  const check = () => {
    if (!stopped && until?.(stdout, stderr)) {
      stopped = true;
      child.kill('SIGTERM');
    }
  };
  child.stdout.on('data', (d: Buffer) => {
    stdout += d;
    check();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    check();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}
