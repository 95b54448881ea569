/**
 * Families as Prometheus text exposition (format 0.0.4), written as prom-client writes it:
 * HELP and TYPE lines, one line per series with labels in the family's order, families
 * separated by a blank line. The golden files under test/fixtures/golden hold it to that.
 */
import { isHistogram, type Family, type Labels } from '../metrics/family.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function escapeLabelValue(text: string): string {
  return escapeHelp(text).replace(/"/g, '\\"');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(names: readonly string[], labels: Labels, first = ''): string {
  const parts = first ? [first] : [];
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) parts.push(`${name}="${escapeLabelValue(value)}"`);
  }
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

/** One family: its HELP and TYPE lines, then its series; no trailing newline. */
export function renderFamily(family: Family): string {
  const { def } = family;
  const lines = [`# HELP ${def.name} ${escapeHelp(def.help)}`, `# TYPE ${def.name} ${def.type}`];
  if (isHistogram(family)) {
    const { buckets } = family.def;
    for (const p of family.points) {
      buckets.forEach((bound, i) => lines.push(`${def.name}_bucket${labelText(def.labels, p.labels, `le="${bound}"`)} ${formatValue(p.cumulative[i]!)}`));
      lines.push(`${def.name}_bucket${labelText(def.labels, p.labels, 'le="+Inf"')} ${formatValue(p.count)}`);
      lines.push(`${def.name}_sum${labelText(def.labels, p.labels)} ${formatValue(p.sum)}`);
      lines.push(`${def.name}_count${labelText(def.labels, p.labels)} ${formatValue(p.count)}`);
    }
  } else {
    for (const p of family.points)
      lines.push(`${def.name}${labelText(def.labels, p.labels)} ${formatValue(p.value)}`);
  }
  return lines.join('\n');
}

/** Families as one exposition text, ending in a newline; no families, no text. */
export function renderFamilies(families: readonly Family[]): string {
  return families.length === 0 ? '' : `${families.map(renderFamily).join('\n\n')}\n`;
}
