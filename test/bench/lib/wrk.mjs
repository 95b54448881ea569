/**
 * wrk (Debian's package: a C load generator, so the client's own cost stays small and off the
 * measured process) against one URL; the server's CPU time is read around the run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { procCpuSeconds } from './processes.mjs';

const run = promisify(execFile);

/** Throws with the command to run when wrk is missing (test/bench/tools.sh installs it). */
export function checkWrk() {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version exits 1 after printing its version.
    if (err.code === 'ENOENT') throw new Error('wrk is missing: run bash test/bench/tools.sh (installs Debian\'s wrk)');
  }
}

const UNITS = { us: 1e-3, ms: 1, s: 1000, m: 60_000 };

function ms(text) {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  return m ? Number(m[1]) * UNITS[m[2]] : NaN;
}

/**
 * One wrk run: `connections` clients for `seconds`, gzip or plain. Returns p50 and p99 latency
 * (ms), requests per second, requests, and the server's CPU per request (ms) when `pid` is given.
 */
export async function wrk({ url, connections, seconds, gzip, pid }) {
  const args = ['-t', String(Math.min(2, connections)), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '60s', '--latency'];
  args.push('-H', `Accept-Encoding: ${gzip ? 'gzip' : 'identity'}`, url);
  const cpu0 = pid ? procCpuSeconds(pid) : 0;
  const { stdout } = await run('wrk', args, { timeout: (seconds + 120) * 1000 });
  const cpu = pid ? procCpuSeconds(pid) - cpu0 : NaN;
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? NaN);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? /Socket errors: (.*)/.exec(stdout)?.[1];
  if (errors) throw new Error(`wrk saw errors against ${url}: ${errors}`);
  // A server too slow to finish one scrape in the run has no latency to show.
  if (!(requests > 0)) return { p50: NaN, p99: NaN, rps: 0, requests: 0, cpuPerRequest: NaN };
  return {
    p50: ms(/^\s+50%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
    p99: ms(/^\s+99%\s+(\S+)/m.exec(stdout)?.[1] ?? ''),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? NaN),
    requests,
    cpuPerRequest: (cpu * 1000) / requests,
  };
}
