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
    const room = text.length * 3;
    if (this.used + room > this.buffer.length) {
      const next = Buffer.allocUnsafe(Math.max(this.used + room, Math.ceil(this.buffer.length * 1.5)));
      this.buffer.copy(next, 0, 0, this.used);
      this.buffer = next;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
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
