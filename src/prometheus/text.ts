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

/** The lines of one family: its HELP and TYPE lines, then one per series. */
function* familyLines(family: Family): Generator<string> {
  const { def } = family;
  yield `# HELP ${def.name} ${escapeHelp(def.help)}`;
  yield `# TYPE ${def.name} ${def.type}`;
  if (isHistogram(family)) {
    const { buckets } = family.def;
    for (const p of family.points) {
      for (const [i, bound] of buckets.entries()) yield `${def.name}_bucket${labelText(def.labels, p.labels, `le="${bound}"`)} ${formatValue(p.cumulative[i]!)}`;
      yield `${def.name}_bucket${labelText(def.labels, p.labels, 'le="+Inf"')} ${formatValue(p.count)}`;
      yield `${def.name}_sum${labelText(def.labels, p.labels)} ${formatValue(p.sum)}`;
      yield `${def.name}_count${labelText(def.labels, p.labels)} ${formatValue(p.count)}`;
    }
  } else {
    for (const p of family.points) yield `${def.name}${labelText(def.labels, p.labels)} ${formatValue(p.value)}`;
  }
}

/** One family: its HELP and TYPE lines, then its series; no trailing newline. */
export function renderFamily(family: Family): string {
  return [...familyLines(family)].join('\n');
}

/** Families as one exposition text, ending in a newline; no families, no text. */
export function renderFamilies(families: readonly Family[]): string {
  return runAtOnce(renderSteps(families));
}

/**
 * The same text as {@link renderFamilies} in steps of 256 lines (20,000 skills make 180,000
 * lines), asking for the families one at a time; see src/slices.ts.
 */
export function* renderSteps(families: Iterable<Family>): Generator<void, string> {
  const blocks: string[] = [];
  for (const family of families) {
    const lines: string[] = [];
    for (const line of familyLines(family)) if ((lines.push(line) & 255) === 0) yield;
    blocks.push(lines.join('\n'));
  }
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
