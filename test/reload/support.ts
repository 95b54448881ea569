/** Helpers of the reload tests: a mounted-Secret layout, and an exporter started like main.ts starts it. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExporter, type Exporter } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log.js';
import { startSimulator } from '../../src/simulator/index.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/types.js';

/**
 * A folder laid out as Kubernetes mounts a Secret: `<name>` → `..data/<name>`, `..data` →
 * `..<version>`. `update()` writes a new version and swaps `..data` in one rename, as the kubelet does.
 */
export class MountedSecret {
  readonly dir = mkdtempSync(join(tmpdir(), 'nht-secret-'));
  private version = 0;

  constructor(private readonly files: Record<string, string>) {
    this.write(files);
    for (const name of Object.keys(files)) symlinkSync(join('..data', name), join(this.dir, name));
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  update(files: Record<string, string>): void {
    this.write({ ...this.files, ...files });
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(files: Record<string, string>): void {
    const version = `..v${++this.version}`;
    mkdirSync(join(this.dir, version));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(this.dir, version, name), content);
    symlinkSync(version, join(this.dir, '..data_tmp'));
    renameSync(join(this.dir, '..data_tmp'), join(this.dir, '..data'));
  }
}

export interface Running {
  sim: Simulator;
  exporter: Exporter;
  logs: string[];
  clock: { now: number };
  stop(): Promise<void>;
}

/**
 * The simulator as the account, and the exporter loaded with loadConfig from `args` and `env`
 * exactly as main.ts does, with the same loader handed over for reloads. Files are only looked
 * at when a test asks (no timer).
 */
export async function startReloadable(args: string[], env: (sim: Simulator) => Record<string, string>, simOptions: SimulatorOptions = {}): Promise<Running> {
  const clock = { now: Date.UTC(2026, 10, 25, 14, 20) };
  const sim = await startSimulator({ now: () => clock.now, ...simOptions });
  const fullEnv = {
    LP_ACCOUNT_ID: sim.accountId,
    LP_CSDS_URL: sim.url,
    HOST: '127.0.0.1',
    PORT: '0',
    NHT_RETRY_DELAY: '1ms',
    NHT_THROTTLE_DELAY: '1ms',
    NHT_SKILL_NAMES: 'false',
    ...env(sim),
  };
  const load = () => loadConfig(args, fullEnv);
  const first = load();
  if (!first.ok) throw new Error(first.errors.join('\n'));
  const logs: string[] = [];
  const exporter = await startExporter(first.config, {
    logger: createLogger({ level: first.config.log.level, write: (line) => logs.push(line) }),
    now: () => clock.now,
    env: fullEnv,
    load,
    fileCheckIntervalMs: 0,
  });
  return {
    sim,
    exporter,
    logs,
    clock,
    stop: async () => {
      await exporter.stop();
      await sim.stop();
    },
  };
}

/** The value of one series in an exposition, or undefined. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
