/**
 * OpenMetrics text for promtool: timestamps in seconds, each family's samples together (a family
 * may only appear once), each series in time order, `# EOF` at the end. Formatting only; files
 * are the sinks' business.
 */
import { INTERVAL_START } from '../metrics/own.js';
import { NHT_METRICS } from '../translate/metrics.js';
import { FAMILIES, type WindowSamples } from './sampler.js';

export const EOF_LINE = '# EOF\n';
/** Text is handed on in pieces of about this many characters, so a week at 1,000 skills never becomes one string. */
const PIECE = 1 << 20;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** `# HELP` and `# TYPE` of a gauge family. */
export function familyHeader(name: string, help: string): string {
  return `# HELP ${name} ${escapeHelp(help)}\n# TYPE ${name} gauge\n`;
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
}

/** Receives the text of one family, piece by piece, families in {@link FAMILIES} order. */
export type FamilyWriter = (family: number, text: string) => Promise<void>;

/**
 * Writes every family of `samples`, series after series, each in time order; `target` labels
 * (job, instance, ...) follow the series' own labels. Returns the number of samples written.
 */
export async function writeFamilies(samples: WindowSamples, target: Readonly<Record<string, string>>, emit: FamilyWriter): Promise<number> {
  const targetText = labelText(target);
  const suffix = targetText ? `,${targetText}} ` : '} ';
  const { instants, windowOf, windows, skills } = samples;
  const column = new Float64Array(windows.length);
  const times = instants.map((t) => ` ${t / 1000}\n`);
  let count = 0;
  let buffer = '';
  const flush = async (family: number, force: boolean): Promise<void> => {
    if (buffer && (force || buffer.length >= PIECE)) {
      await emit(family, buffer);
      buffer = '';
    }
  };
  for (const [m, metric] of NHT_METRICS.entries()) {
    for (const [s, skillId] of skills.entries()) {
      const [account, skill] = metric.labels;
      const prefix = `${metric.name}{${account}="${escapeLabel(samples.accountId)}",${skill}="${escapeLabel(skillId)}"${suffix}`;
      samples.read(m, s, column);
      for (let i = 0; i < instants.length; i += 1) {
        const v = column[windowOf[i]!]!;
        if (Number.isNaN(v)) continue;
        buffer += prefix + String(v) + times[i];
        count += 1;
      }
      await flush(m, false);
    }
    await flush(m, true);
  }
  const last = FAMILIES.length - 1;
  for (const [interval, start] of [['15m', (w: number) => windows[w]!.quarterStart], ['1h', (w: number) => windows[w]!.hourStart]] as const) {
    const prefix = `${INTERVAL_START.name}{${INTERVAL_START.labels[0]}="${interval}"${suffix}`;
    for (let i = 0; i < instants.length; i += 1) buffer += prefix + String(start(windowOf[i]!) / 1000) + times[i];
    count += instants.length;
  }
  await flush(last, true);
  return count;
}
