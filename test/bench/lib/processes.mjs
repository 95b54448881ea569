/**
 * Child processes of the benchmarks: the LivePerson simulator and the exporter as separate
 * processes on 127.0.0.1 (so each one's CPU and memory are its own), their log lines, and their
 * CPU time and memory read from /proc (Linux).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MAIN = join(ROOT, 'dist', 'main.js');
const SIM_CLI = join(ROOT, 'dist', 'simulator', 'cli.js');
// The simulator's documented demo account and credentials (SIMULATOR_DEFAULTS in src/simulator/defaults.ts).
const ACCOUNT = '12345678';
const CLIENT_ID = 'nht-demo-client';
const CLIENT_SECRET = 'nht-demo-secret';

/**
 * The NODE_OPTIONS the image runs the exporter with (the Dockerfile's `ENV NODE_OPTIONS`), so that
 * the benchmarks measure the exporter as it is shipped; empty when the Dockerfile sets none.
 */
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
export const IMAGE_NODE_OPTIONS = /^ENV NODE_OPTIONS="([^"]*)"/m.exec(DOCKERFILE)?.[1] ?? '';

/** The glibc malloc settings of the image (the Dockerfile's `ENV MALLOC_*`), given to every exporter the benchmarks start. */
export const IMAGE_MALLOC_ENV = Object.fromEntries([...DOCKERFILE.matchAll(/^ENV (MALLOC_\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));

/** The flags the image's ENTRYPOINT gives node before the script (`--enable-source-maps`): they cost start-up time too. */
export const IMAGE_NODE_FLAGS = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(DOCKERFILE)?.[1] ?? '[]')
  .slice(1, -1)
  .filter((arg) => arg.startsWith('--'));

/**
 * Keeps every line a stream writes, so that a wait started late still sees lines that arrived
 * before it (a poll can finish in the same chunk as the "listening" line). `onLine` sees each line
 * as it arrives, with its arrival time.
 */
export function lineTap(child, stream, onLine) {
  const lines = [];
  const waiters = new Set();
  let buffer = '';
  let cursor = 0;
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts);
    if (onLine) for (const line of parts) onLine(line, Date.now());
    for (const check of waiters) check();
  });
  child.once('exit', (code) => {
    for (const check of waiters) check(code ?? 'a signal');
  });
  return {
    lines,
    /** The next unread line matching `pattern`; rejects after `ms` or when the process exits. */
    next(pattern, ms, what) {
      return new Promise((resolve, reject) => {
        const check = (exitCode) => {
          for (; cursor < lines.length; cursor++) {
            const match = pattern.exec(lines[cursor]);
            if (match) {
              cursor++;
              return done(undefined, match);
            }
          }
          if (exitCode !== undefined) done(new Error(`${what}: the process exited with ${exitCode}`));
        };
        const timer = setTimeout(() => done(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
        const done = (err, match) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (err) reject(err);
          else resolve(match);
        };
        waiters.add(check);
        check(child.exitCode ?? undefined);
      });
    },
  };
}

/** VmRSS and VmHWM of a process, in bytes (Linux). */
export function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (Linux, 100 ticks a second). */
export function procCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** SIGTERM, then SIGKILL after `ms`; resolves with the time the process took to exit. */
export function stop(child, ms = 5_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(0);
  const started = Date.now();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
    child.kill('SIGTERM');
  });
}

/** Starts dist/simulator/cli.js with `skills` skills (and `delayMs` per NHT request); resolves with its URL. */
export async function startSimulatorProcess({ skills, delayMs }) {
  const args = [SIM_CLI, '--host', '127.0.0.1', '--port', '0', '--skills', String(skills)];
  if (delayMs) args.push('--delay-ms', String(delayMs));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const out = lineTap(child, child.stdout);
  try {
    const [, url] = await out.next(/listening on (http:\/\/127\.0\.0\.1:\d+)/, 60_000, 'the simulator');
    return { child, url };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

/**
 * Starts the built exporter against a simulator. `env` adds or overrides variables (NHT_*,
 * OTEL_*); `onLine` sees each log line. Resolves once it listens, with its URL and log.
 */
export async function startExporterProcess({ simUrl, env = {}, nodeOptions = '', onLine }) {
  const child = spawn(process.execPath, [...IMAGE_NODE_FLAGS, MAIN], {
    // The exporter logs to stderr, one JSON object per line.
    stdio: ['ignore', 'inherit', 'pipe'],
    // Only what the run needs: nothing from the caller's LP_* or NHT_* leaks in.
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'json',
      LP_ACCOUNT_ID: ACCOUNT,
      LP_CLIENT_ID: CLIENT_ID,
      LP_CLIENT_SECRET: CLIENT_SECRET,
      // The Domain API answers host:port without a scheme and the client assumes https, so the
      // plain-http simulator is named directly.
      LP_CSDS_URL: simUrl,
      LP_NHT_BASE_URL: simUrl,
      LP_SENTINEL_BASE_URL: simUrl,
      LP_ACCOUNT_CONFIG_BASE_URL: simUrl,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      ...IMAGE_MALLOC_ENV,
      ...env,
    },
  });
  const log = lineTap(child, child.stderr, onLine);
  try {
    const [, url] = await log.next(/"msg":"listening".*?"url":"(http:\/\/[^"]+)\/metrics"/, 60_000, 'the exporter to listen');
    return { child, url, log };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

/** Resolves with the `seconds` of the next "poll succeeded" line. */
export async function nextPoll(log, timeoutMs, what = 'a poll') {
  const [, seconds] = await log.next(/"msg":"poll succeeded".*?"seconds":([\d.]+)/, timeoutMs, what);
  return Number(seconds);
}

/** Starts `node file args...` and resolves once it prints `listening <url>` on stdout. */
export async function startNodeServer(file, args = [], nodeOptions = '') {
  const child = spawn(process.execPath, [file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
  });
  const out = lineTap(child, child.stdout);
  try {
    const [, url] = await out.next(/^listening (http:\/\/\S+)/, 60_000, file);
    return { child, url };
  } catch (err) {
    await stop(child);
    throw err;
  }
}
