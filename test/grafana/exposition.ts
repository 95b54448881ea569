import { loadConfig } from '../../src/config/index.js';
import { startExporter, type Exporter } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';

/** One sample line of an exposition. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The sample lines of a Prometheus text exposition (comments and blank lines skipped). */
export function parseSamples(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] as string] = (l[2] as string).replace(/\\(.)/g, '$1');
    out.push({ name: m[1] as string, labels, value: Number(m[3]) });
  }
  return out;
}

/** Every metric name an exposition declares (`# TYPE`) or has samples of. */
export function exportedNames(text: string): Set<string> {
  const names = new Set(parseSamples(text).map((s) => s.name));
  for (const m of text.matchAll(/^# TYPE (\S+) /gm)) names.add(m[1] as string);
  return names;
}

/** The demo exporter (built-in simulator, 25 skills) on 127.0.0.1, after its first poll. */
export async function startDemoExporter(): Promise<Exporter> {
  const loaded = loadConfig(['--demo', '--port', '0', '--host', '127.0.0.1', '--poll-interval', '10s'], {});
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  const exporter = await startExporter(loaded.config, { logger: silentLogger });
  try {
    await exporter.poller.pollOnce();
    // Skill names (issue 6) are fetched beside the polls where the exporter has them.
    const names = (exporter as { skillNames?: { refresh(): Promise<unknown> } }).skillNames;
    await names?.refresh();
  } catch (err) {
    await exporter.stop();
    throw err;
  }
  return exporter;
}

/** The exporter's /metrics text. */
export async function scrape(exporter: Exporter): Promise<string> {
  const res = await fetch(`${exporter.url}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}
