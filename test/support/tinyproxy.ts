/**
 * A real forward proxy (Debian's tinyproxy, installed by test/setup/tools.sh) on 127.0.0.1, with
 * a configuration of the test's own, stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './prometheus.js';

export interface TinyproxyOptions {
  /** `BasicAuth user password`: clients must send these credentials. */
  readonly basicAuth?: { readonly user: string; readonly password: string };
  /** Only these ports may be tunnelled to with CONNECT (tinyproxy answers 403 otherwise); default: any. */
  readonly connectPorts?: readonly number[];
}

export interface RunningTinyproxy {
  /** http://127.0.0.1:port, without credentials. */
  readonly url: string;
  readonly port: number;
  /** The request lines the proxy logged, e.g. `CONNECT 127.0.0.1:38211 HTTP/1.1`. */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startTinyproxy(options: TinyproxyOptions = {}): Promise<RunningTinyproxy> {
  const dir = await mkdtemp(join(tmpdir(), 'nht-tinyproxy-'));
  const port = await freePort();
  const log = join(dir, 'tinyproxy.log');
  const conf = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${log}"`,
    'LogLevel Info',
    'MaxClients 50',
    'Allow 127.0.0.1',
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    '',
  ].join('\n');
  await writeFile(join(dir, 'tinyproxy.conf'), conf);
  let output = '';
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d) => (output = (output + d).slice(-2000)));
  child.stderr?.on('data', (d) => (output = (output + d).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`tinyproxy is not installed (${err.message}); run 'npm test', whose setup installs it`))),
  );

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const readLog = (): Promise<string> => readFile(log, 'utf8').catch(() => '');

  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = await Promise.race([readLog().then((text) => text.includes('Accepting connections')), failed]);
      if (ready) break;
      if (child.exitCode !== null) throw new Error(`tinyproxy exited with ${child.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`tinyproxy did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: async () => [...(await readLog()).matchAll(/Request \(file descriptor \d+\): (.*)$/gm)].map((m) => m[1] ?? ''),
    stop,
  };
}
