/**
 * Families as Prometheus text exposition (format 0.0.4), written as prom-client writes it:
 * HELP and TYPE lines, one line per series with labels in the family's order, families
 * separated by a blank line. The golden files under test/fixtures/golden hold it to that.
 */
import { isHistogram, type Family, type Labels } from '../metrics/family.js';
import { runAtOnce } from '../slices.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NEEDS_ESCAPE = /[\\\n"]/;

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  // Most values (ids, names) need no escaping: skip the three replaces for them.
  return NEEDS_ESCAPE.test(text) ? escapeHelp(text).replace(/"/g, '\\"') : text;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(names: readonly string[], labels: Labels, first = ''): string {
  let text = first;
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) text += `${text ? ',' : ''}${name}="${escapeLabelValue(value)}"`;
  }
  return text ? `{${text}}` : '';
}

/**
 * The lines of one family (its HELP and TYPE lines, then one per series) pushed onto `lines`,
 * pausing after every 1,000 series (see src/slices.ts).
 */
function* familyLines(family: Family, lines: string[]): Generator<void, void> {
  const { def } = family;
  lines.push(`# HELP ${def.name} ${escapeHelp(def.help)}`, `# TYPE ${def.name} ${def.type}`);
  if (isHistogram(family)) {
    const { buckets } = family.def;
    for (const p of family.points) {
      buckets.forEach((bound, i) => lines.push(`${def.name}_bucket${labelText(def.labels, p.labels, `le="${bound}"`)} ${formatValue(p.cumulative[i]!)}`));
      lines.push(`${def.name}_bucket${labelText(def.labels, p.labels, 'le="+Inf"')} ${formatValue(p.count)}`);
      lines.push(`${def.name}_sum${labelText(def.labels, p.labels)} ${formatValue(p.sum)}`);
      lines.push(`${def.name}_count${labelText(def.labels, p.labels)} ${formatValue(p.count)}`);
    }
    return;
  }
  const { points } = family;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    lines.push(`${def.name}${labelText(def.labels, p.labels)} ${formatValue(p.value)}`);
    if (i % 1000 === 999) yield;
  }
}

/** One family: its HELP and TYPE lines, then its series; no trailing newline. */
export function renderFamily(family: Family): string {
  const lines: string[] = [];
  runAtOnce(familyLines(family, lines));
  return lines.join('\n');
}

/** Families as one exposition text, ending in a newline; no families, no text. */
export function renderFamilies(families: readonly Family[]): string {
  return families.length === 0 ? '' : `${families.map(renderFamily).join('\n\n')}\n`;
}

const NEWLINE = Buffer.from('\n');

/**
 * The same text as {@link renderFamilies}, as UTF-8 bytes, in steps of 1,000 lines (see
 * src/slices.ts; 20,000 skills make 180,000 lines), asking for the families one at a time: no
 * string of the whole page is built, and each line is garbage before the next slice.
 */
export function* renderBytesSteps(families: Iterable<Family>): Generator<void, Buffer> {
  const chunks: Buffer[] = [];
  const lines: string[] = [];
  const flush = (): void => {
    if (lines.length === 0) return;
    chunks.push(Buffer.from(`${lines.join('\n')}\n`, 'utf8'));
    lines.length = 0;
  };
  for (const family of families) {
    // Families are separated by a blank line.
    if (chunks.length > 0) chunks.push(NEWLINE);
    for (const pause of familyLines(family, lines)) {
      flush();
      yield pause;
    }
    flush();
  }
  return Buffer.concat(chunks);
}
