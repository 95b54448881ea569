import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a real binary installed by test/setup/tools.sh; a missing one fails the test with the reason. */
export async function tool(name: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(name, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', (err) =>
      reject(new Error(`${name} is not installed (${err.message}); run 'npm test', whose setup installs it from Debian's packages`)),
    );
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    // A tool that exits without reading its input closes the pipe first: its exit code and output tell the story.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** A scrape job of its own, for targets that need TLS or a password. */
export interface ScrapeJob {
  readonly name: string;
  readonly targets: readonly string[];
  readonly scheme?: 'http' | 'https';
  /** Prometheus's tls_config keys (ca_file, cert_file, key_file, server_name, ...). */
  readonly tlsConfig?: Readonly<Record<string, string>>;
  readonly basicAuth?: { readonly username: string; readonly password: string };
}

export interface ScrapeTarget {
  readonly job: string;
  readonly health: string;
  readonly lastError: string;
}

export interface PrometheusOptions {
  /** host:port targets to scrape, in job liveperson-nht. */
  readonly targets: readonly string[];
  /** More jobs. */
  readonly jobs?: readonly ScrapeJob[];
  readonly scrapeInterval?: string;
  /** Rule files to load (absolute paths). */
  readonly ruleFiles?: readonly string[];
  /** Blocks to copy into the data directory before it starts (a backfill's --blocks folder). */
  readonly blocksFrom?: string;
  /** More flags, e.g. a retention long enough for backfilled history. */
  readonly args?: readonly string[];
}

export interface RunningPrometheus {
  readonly url: string;
  /** Instant query (at `time`, epoch seconds, when given); returns the result vector. */
  query(promql: string, time?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Waits until `promql` returns at least `min` series, or throws after `timeoutMs`. */
  waitFor(promql: string, min?: number, timeoutMs?: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** The active targets with their health and last scrape error. */
  targets(): Promise<ScrapeTarget[]>;
  stop(): Promise<void>;
}

function jobLines(job: ScrapeJob): string[] {
  const q = (v: string): string => JSON.stringify(v);
  return [
    `  - job_name: ${q(job.name)}`,
    ...(job.scheme ? [`    scheme: ${job.scheme}`] : []),
    ...(job.tlsConfig ? ['    tls_config:', ...Object.entries(job.tlsConfig).map(([k, v]) => `      ${k}: ${q(v)}`)] : []),
    ...(job.basicAuth ? ['    basic_auth:', `      username: ${q(job.basicAuth.username)}`, `      password: ${q(job.basicAuth.password)}`] : []),
    '    static_configs:',
    `      - targets: [${job.targets.map(q).join(', ')}]`,
  ];
}

/** Starts a real Prometheus (Debian's package) on 127.0.0.1 scraping the given targets. */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'nht-prom-'));
  const port = await freePort();
  const interval = options.scrapeInterval ?? '1s';
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(options.ruleFiles?.length ? ['rule_files:', ...options.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`)] : []),
    'scrape_configs:',
    '  - job_name: liveperson-nht',
    '    static_configs:',
    `      - targets: [${options.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    ...(options.jobs ?? []).flatMap(jobLines),
    '',
  ].join('\n');
  await writeFile(join(dir, 'prometheus.yml'), config);
  if (options.blocksFrom) {
    await mkdir(join(dir, 'data'));
    await cp(options.blocksFrom, join(dir, 'data'), { recursive: true });
  }
  let child: ChildProcess;
  let log = '';
  try {
    child = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
        ...(options.args ?? []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    throw new Error(`cannot start prometheus: ${(err as Error).message}`);
  }
  child.stderr?.on('data', (d) => (log = (log + d).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`prometheus is not installed (${err.message}); run 'npm test', whose setup installs it`))),
  );
  const url = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const query: RunningPrometheus['query'] = async (promql, time) => {
    const at = time === undefined ? '' : `&time=${time}`;
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}${at}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (body.status !== 'success') throw new Error(`query ${promql} failed: ${body.error}`);
    if (body.data?.resultType !== 'vector') throw new Error(`query ${promql} returned ${body.data?.resultType}, not a vector`);
    return body.data.result as Awaited<ReturnType<RunningPrometheus['query']>>;
  };

  const waitFor: RunningPrometheus['waitFor'] = async (promql, min = 1, timeoutMs = 40_000) => {
    const deadline = Date.now() + timeoutMs;
    let last: Awaited<ReturnType<RunningPrometheus['query']>> = [];
    while (Date.now() < deadline) {
      last = await query(promql).catch(() => []);
      if (last.length >= min) return last;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${promql} returned ${last.length} series after ${timeoutMs} ms, wanted ${min}. Prometheus log: ${log}`);
  };

  const targets: RunningPrometheus['targets'] = async () => {
    const res = await fetch(`${url}/api/v1/targets?state=active`);
    const body = (await res.json()) as { data: { activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> } };
    return body.data.activeTargets.map((t) => ({ job: t.labels['job'] ?? '', health: t.health, lastError: t.lastError }));
  };

  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ready = await Promise.race([
        fetch(`${url}/-/ready`).then((r) => r.ok, () => false),
        spawnError,
      ]);
      if (ready) break;
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
      if (Date.now() > deadline) throw new Error(`prometheus did not become ready: ${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, query, waitFor, targets, stop };
}

export { run as execFileAsync };
