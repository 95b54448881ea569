/**
 * Reads Prometheus text exposition into samples keyed like toPrometheusSamples, so the two paths
 * compare entry by entry.
 */
import { seriesKey } from './prometheus-translation.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?/gy;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Samples whose metric name passes `keep`, by series key. */
export function parseExposition(text: string, keep: (name: string) => boolean = () => true): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`cannot read exposition line: ${line}`);
    const [, name = '', body = '', value = ''] = m;
    if (!keep(name)) continue;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    let l: RegExpExecArray | null;
    while (LABEL.lastIndex < body.length && (l = LABEL.exec(body))) labels[l[1] ?? ''] = unescape(l[2] ?? '');
    out.set(seriesKey(name, labels), parseValue(value));
  }
  return out;
}
