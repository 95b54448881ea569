/**
 * Families as Prometheus text exposition (format 0.0.4), written as prom-client writes it:
 * HELP and TYPE lines, one line per series with labels in the family's order, families
 * separated by a blank line. The golden files under test/fixtures/golden hold it to that.
 */
import { isHistogram, type Family, type FamilyDef, type Labels } from '../metrics/family.js';
import { runAtOnce } from '../slices.js';
import type { MetricSamples } from '../translate/translate.js';

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

function header(def: FamilyDef): string {
  return `# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}`;
}

/**
 * The lines of one family (its HELP and TYPE lines, then one per series) pushed onto `lines`,
 * pausing after every 1,000 series (see src/slices.ts).
 */
function* familyLines(family: Family, lines: string[]): Generator<void, void> {
  const { def } = family;
  lines.push(header(def));
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

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;

/** Room kept beyond a size hint: a slice of 1,000 lines may take up to three bytes a character. */
const SLACK = 512 * 1024;

/**
 * Text appended as UTF-8 into one buffer, grown only when the hint was short: the page is never
 * held twice (as a list of pieces and as their concatenation).
 */
class ByteWriter {
  private buffer: Buffer;
  private used = 0;

  constructor(sizeHint: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(64 * 1024, sizeHint + SLACK));
  }

  write(text: string): void {
    // A UTF-16 code unit is at most three bytes of UTF-8: with that much room nothing is cut off.
    this.reserve(text.length * 3);
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  writeBytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /**
   * Short text a character a byte while it is plain ASCII with no `\`, newline or `"` (skill
   * ids, numbers: no string built per line); else `otherwise(text)` (an escape) as UTF-8.
   */
  writePlain(text: string, otherwise: (text: string) => string): void {
    this.reserve(text.length);
    const { buffer } = this;
    let at = this.used;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80 || c === BACKSLASH || c === NEWLINE || c === QUOTE) return this.write(otherwise(text));
      buffer[at++] = c;
    }
    this.used = at;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.used + bytes, Math.ceil(this.buffer.length * 1.5)));
    this.buffer.copy(next, 0, 0, this.used);
    this.buffer = next;
  }

  /** The bytes written; copied to a buffer of their own size only when the rest would waste much. */
  finish(): Buffer {
    const bytes = this.buffer.subarray(0, this.used);
    return this.buffer.length - this.used > Math.max(SLACK, this.used / 8) ? Buffer.from(bytes) : bytes;
  }
}

/**
 * The same text as {@link renderFamilies}, as UTF-8 bytes, in steps of 1,000 lines (see
 * src/slices.ts; 20,000 skills make 180,000 lines), asking for the families one at a time: no
 * string of the whole page is built, and each line is garbage before the next slice. `sizeHint`
 * (bytes, such as the last rendering's) sizes the buffer the text is written into.
 */
export function* renderBytesSteps(families: Iterable<Family>, sizeHint = 0): Generator<void, Buffer> {
  const out = new ByteWriter(sizeHint);
  const lines: string[] = [];
  let started = false;
  const flush = (): void => {
    if (lines.length === 0) return;
    out.write(`${lines.join('\n')}\n`);
    started = true;
    lines.length = 0;
  };
  for (const family of families) {
    // Families are separated by a blank line.
    if (started) out.write('\n');
    for (const pause of familyLines(family, lines)) {
      flush();
      yield pause;
    }
    flush();
  }
  return out.finish();
}

const VALUE_AFTER_LABELS = Buffer.from('"} ');
const NEWLINE_BYTES = Buffer.from('\n');
/** A number's text needs no escape. */
const asIs = (text: string): string => text;

/**
 * One NHT gauge straight from its snapshot column into `out`: the bytes of
 * `familyLines(nhtFamily(accountId, samples))` without a point, labels object or line string per
 * series (at 20,000 skills a poll renders 180,000 of them). Pauses as familyLines does.
 */
function* columnText(samples: MetricSamples, accountId: string, out: ByteWriter): Generator<void, void> {
  const { metric, skillIds, values } = samples;
  // Typed as the def's label order: the build fails here if NhtMetric's labels ever change.
  const [account, skill]: readonly ['account_id', 'skill_id'] = metric.labels;
  const prefix = Buffer.from(`${metric.name}{${account}="${escapeLabelValue(accountId)}",${skill}="`);
  out.write(`${header(metric)}\n`);
  for (let i = 0; i < skillIds.length; i++) {
    out.writeBytes(prefix);
    out.writePlain(skillIds[i]!, escapeLabelValue);
    out.writeBytes(VALUE_AFTER_LABELS);
    out.writePlain(formatValue(values[i]!), asIs);
    out.writeBytes(NEWLINE_BYTES);
    if (i % 1000 === 999) yield;
  }
}

/**
 * The NHT gauges of a snapshot, one per column, as the same bytes as {@link renderBytesSteps}
 * over their families (`nhtFamily`), in the same steps.
 */
export function* renderColumnsSteps(accountId: string, columns: readonly MetricSamples[], sizeHint = 0): Generator<void, Buffer> {
  const out = new ByteWriter(sizeHint);
  for (const [i, samples] of columns.entries()) {
    // Families are separated by a blank line.
    if (i > 0) out.write('\n');
    yield* columnText(samples, accountId, out);
  }
  return out.finish();
}
