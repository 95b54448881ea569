import { HOUR_MS, type NhtBucket, type NhtField, type PollWindow, type SkillRecord } from '../liveperson/types.js';
import { runAtOnce } from '../slices.js';
import { NHT_METRICS, type NhtMetric } from './metrics.js';

/**
 * One metric's values, a column per field rather than an object per sample: 20,000 skills make
 * 180,000 samples a snapshot, and a poll holds the last snapshot's beside the new one's.
 */
export interface MetricSamples {
  readonly metric: NhtMetric;
  /** The skills that have a value, sorted by skill id (numerically). */
  readonly skillIds: readonly string[];
  /** `values[i]` is the value of `skillIds[i]`. */
  readonly values: Float64Array;
}

/** Builds a {@link MetricSamples} one sample at a time, for at most `capacity` samples. */
export class SamplesBuilder {
  private readonly skillIds: string[] = [];
  private readonly values: Float64Array;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(skillId: string, value: number): void {
    this.values[this.skillIds.length] = value;
    this.skillIds.push(skillId);
  }

  build(metric: NhtMetric): MetricSamples {
    return { metric, skillIds: this.skillIds, values: this.values.slice(0, this.skillIds.length) };
  }
}

/** A value LivePerson sent that is neither a number nor the `-1` "no data" marker. */
export interface Problem {
  readonly skillId: string;
  readonly field: NhtField;
  readonly value: unknown;
  readonly reason: string;
}

export interface Translation {
  readonly series: readonly MetricSamples[];
  readonly problems: readonly Problem[];
  /** Skills in the API's answer, with or without values. */
  readonly skills: readonly string[];
}

const NO_DATA = -1;

type Judged = { kind: 'value'; value: number } | { readonly kind: 'absent' } | { kind: 'bad'; reason: string };

/** One verdict for every "no data": LivePerson sends many, and none needs an object of its own. */
const ABSENT: Judged = Object.freeze({ kind: 'absent' });

/** `-1`, null and a missing field mean "no data"; anything else must be a finite, non-negative number. */
export function judge(raw: unknown): Judged {
  if (isValue(raw)) return { kind: 'value', value: raw };
  if (raw === undefined || raw === null || raw === NO_DATA) return ABSENT;
  if (typeof raw !== 'number') return { kind: 'bad', reason: `not a number (${typeof raw})` };
  if (!Number.isFinite(raw)) return { kind: 'bad', reason: 'not a finite number' };
  if (raw < 0) return { kind: 'bad', reason: 'negative' };
  // -0 passes `raw < 0`; it is exported as 0 so that no sign reaches /metrics or OTLP.
  return { kind: 'value', value: raw === 0 ? 0 : raw };
}

/** The common case, checked without building a verdict: a finite, positive number (zero goes through judge, for -0). */
export function isValue(raw: unknown): raw is number {
  return typeof raw === 'number' && raw > 0 && raw !== Infinity;
}

/** Bucket starts in [from, to), epoch ms. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * Which buckets a metric reads in a poll window: exactly the latest completed quarter for
 * 15-minute metrics; for hourly metrics, which LivePerson replicates into every quarter of their
 * hour, the latest completed hour. Of the buckets starting in the span, the value is the latest
 * one's that carries the field. Every reader of NHT buckets follows this rule: the translator
 * here, a poll's packed records (src/translate/poll-store.ts) and the backfill's packed windows
 * (src/backfill/window-data.ts).
 */
export function readSpan(metric: NhtMetric, window: PollWindow): Span {
  return metric.granularity === '15m' ? { from: window.quarterStart, to: window.quarterStart + 1 } : { from: window.hourStart, to: window.hourStart + HOUR_MS };
}

function pickRaw(buckets: readonly NhtBucket[], field: NhtField, span: Span): unknown {
  let best: NhtBucket | undefined;
  for (const b of buckets) {
    if (b.start < span.from || b.start >= span.to) continue;
    if (b.values[field] === undefined) continue;
    if (!best || b.start > best.start) best = b;
  }
  return best?.values[field];
}

function bySkillId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Turns the API's records for one poll window into samples: pure, no I/O.
 * A bad value drops that one sample and is reported; it never fails the rest.
 * The definition a poll's packed records are read by (PollStore, checked against this).
 */
export function translate(records: readonly SkillRecord[], window: PollWindow): Translation {
  return runAtOnce(translateSteps(records, window));
}

/** The same translation in steps of 1,000 records per metric (see src/slices.ts), for polls of many skills. */
export function* translateSteps(records: readonly SkillRecord[], window: PollWindow): Generator<void, Translation> {
  const sorted = [...records].sort((a, b) => bySkillId(a.skillId, b.skillId));
  yield;
  const problems: Problem[] = [];
  const series: MetricSamples[] = [];
  for (const metric of NHT_METRICS) {
    const samples = new SamplesBuilder(sorted.length);
    const span = readSpan(metric, window);
    for (let i = 0; i < sorted.length; i++) {
      const record = sorted[i]!;
      const raw = pickRaw(record.buckets, metric.field, span);
      if (isValue(raw)) samples.push(record.skillId, raw);
      else {
        const verdict = judge(raw);
        if (verdict.kind === 'value') samples.push(record.skillId, verdict.value);
        else if (verdict.kind === 'bad') problems.push({ skillId: record.skillId, field: metric.field, value: raw, reason: verdict.reason });
      }
      if (i % 1000 === 999) yield;
    }
    series.push(samples.build(metric));
  }
  return { series, problems, skills: sorted.map((r) => r.skillId) };
}
