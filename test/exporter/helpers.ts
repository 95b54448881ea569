import { startExporter, type Exporter, type ExporterOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { createLogger, type Logger } from '../../src/log.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import type { NhtField, PollWindow } from '../../src/liveperson/types.js';
import { SIMULATOR_DEFAULTS, startSimulator } from '../../src/simulator/index.js';
import type { Simulator, SimulatorOptions } from '../../src/simulator/types.js';

export interface Harness {
  sim: Simulator;
  exporter: Exporter;
  logs: string[];
  clock: { now: number };
  stop(): Promise<void>;
}

/** Loads a config the way main.ts does, failing the test with the loader's own lines. */
export function config(argv: string[], env: Record<string, string> = {}): Config {
  const loaded = loadConfig(argv, env);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return loaded.config;
}

/**
 * A simulator and an exporter pointed at it like a real account (OAuth 2.0, base URLs configured),
 * both on one injected clock; short retry waits so failures take milliseconds.
 */
export async function startHarness(
  simOptions: SimulatorOptions = {},
  env: Record<string, string> | ((sim: Simulator) => Record<string, string>) = {},
  start = Date.UTC(2026, 10, 25, 14, 20),
  options: Omit<ExporterOptions, 'logger' | 'now'> = {},
): Promise<Harness> {
  const clock = { now: start };
  const sim = await startSimulator({ now: () => clock.now, ...simOptions });
  const logs: string[] = [];
  const logger: Logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const cfg = config([], {
    LP_ACCOUNT_ID: sim.accountId,
    LP_CLIENT_ID: simOptions.clientId ?? SIMULATOR_DEFAULTS.clientId,
    LP_CLIENT_SECRET: simOptions.clientSecret ?? SIMULATOR_DEFAULTS.clientSecret,
    LP_NHT_BASE_URL: sim.url,
    LP_SENTINEL_BASE_URL: sim.url,
    HOST: '127.0.0.1',
    PORT: '0',
    NHT_RETRY_DELAY: '1ms',
    NHT_THROTTLE_DELAY: '1ms',
    NHT_SKILL_NAMES: 'false',
    ...(typeof env === 'function' ? env(sim) : env),
  });
  const exporter = await startExporter(cfg, { ...options, logger, now: () => clock.now });
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

/** Parses the NHT samples of an exposition: metric name → skill id → value. */
export function nhtSamples(text: string): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>(NHT_METRICS.map((m) => [m.name, new Map()]));
  for (const line of text.split('\n')) {
    const m = /^(liveperson_nht_\w+)\{account_id="[^"]*",skill_id="(\d+)"\} (\S+)$/.exec(line);
    if (m && out.has(m[1]!)) out.get(m[1]!)!.set(m[2]!, Number(m[3]));
  }
  return out;
}

/** What the simulator says each metric should be for the poll window: -1 means no sample. */
export function expectedValue(sim: Simulator, skillId: string, field: NhtField, window: PollWindow): number {
  const hourly = NHT_METRICS.find((m) => m.field === field)?.granularity === '1h';
  const start = hourly ? window.hourStart + 45 * 60_000 : window.quarterStart;
  return sim.bucket(skillId, start, 15)[field];
}

export async function scrape(exporter: Exporter, path = '/metrics'): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(exporter.url + path);
  return { status: res.status, text: await res.text(), headers: res.headers };
}
