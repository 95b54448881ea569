/**
 * The live meaning, replayed: what /metrics served at each past instant. Pure: buckets in,
 * samples out.
 *
 * The exporter polls on a grid (every `interval`, shifted by `settleDelay`: :01, :06, :11, ...
 * by default) and serves the last poll's data until the next one. A poll at P reads the latest
 * quarter and hour completed `settleDelay` before P, through the same translator as here. So the
 * value /metrics showed at T is the translation of the poll window of the last poll at or before T.
 *
 * Samples are written every 5 minutes on that grid. Prometheus answers an instant query at T with
 * the newest sample at most 5 minutes old (its default lookback): with one sample every 5 minutes,
 * taken at the moments the live value changes, every instant finds exactly the value /metrics
 * showed, and a value that went away (-1) stops being found at the next step, as it did live.
 */
import { MINUTE } from '../config/duration.js';
import { NHT_FIELDS, type PollWindow } from '../liveperson/types.js';
import { INTERVAL_START } from '../metrics/own.js';
import { pollWindow } from '../poll/schedule.js';
import { NHT_METRICS } from '../translate/metrics.js';
import { readSpan } from '../translate/translate.js';
import type { WindowData } from './window-data.js';

/** Prometheus's default lookback for instant queries: samples must be at most this far apart. */
export const LOOKBACK_MS = 5 * MINUTE;
export const SAMPLE_STEP_MS = LOOKBACK_MS;

export interface Schedule {
  /** The live exporter's poll interval and settle delay (NHT_POLL_INTERVAL, NHT_SETTLE_DELAY). */
  readonly interval: number;
  readonly settleDelay: number;
}

/** Start of the last live poll at or before `t`. */
export function pollBefore(t: number, s: Schedule): number {
  return Math.floor((t - s.settleDelay) / s.interval) * s.interval + s.settleDelay;
}

/** The window whose data /metrics served at `t`. */
export function liveWindow(t: number, s: Schedule): PollWindow {
  return pollWindow(pollBefore(t, s), s.settleDelay);
}

/** Sample instants in [from, to): every 5 minutes, on the poll grid. */
export function sampleInstants(from: number, to: number, s: Schedule): number[] {
  const first = Math.ceil((from - s.settleDelay) / SAMPLE_STEP_MS) * SAMPLE_STEP_MS + s.settleDelay;
  const out: number[] = [];
  for (let t = first; t < to; t += SAMPLE_STEP_MS) out.push(t);
  return out;
}

/**
 * The families written, in order: the nine NHT gauges, then the start of the intervals they
 * describe (a data family, not a health one, so panels and alerts that read it work on history
 * too). The exporter's health families (up, last success, polls, requests) are not written:
 * they would claim an exporter ran that did not.
 */
export const FAMILIES: ReadonlyArray<{ readonly name: string; readonly help: string }> = [
  ...NHT_METRICS.map((m) => ({ name: m.name, help: m.help })),
  { name: INTERVAL_START.name, help: INTERVAL_START.help },
];

/**
 * What /metrics served at each of `instants`, read from the window's packed buckets on demand:
 * one metric of one skill at a time, so no more than a column of values is held besides the
 * buckets. Polls between two quarter changes read the same poll window, so each is read once.
 */
export interface WindowSamples {
  readonly instants: readonly number[];
  /** Index into `windows` of each instant's poll window. */
  readonly windowOf: Int32Array;
  readonly windows: readonly PollWindow[];
  /** Skills sorted as /metrics sorts them (numerically). */
  readonly skills: readonly string[];
  readonly accountId: string;
  /**
   * Metric `m`'s value for skill `s` in each poll window into `out` (`windows.length` long),
   * NaN where /metrics had none. `out` is overwritten: one array serves every call.
   */
  read(m: number, s: number, out: Float64Array): void;
}

function bySkillId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Replays the exporter over `instants` (ascending) from the buckets in `data`, which must reach
 * back to the hour before the first instant's poll window. The values follow the translator's
 * rule ({@link readSpan}) on buckets judged as it judges them (WindowData.add). Pure; `data`
 * must stay unchanged while the samples are read.
 */
export function sampleWindow(data: WindowData, instants: readonly number[], s: Schedule, accountId: string): WindowSamples {
  const windows: PollWindow[] = [];
  const windowOf = new Int32Array(instants.length);
  instants.forEach((t, i) => {
    const w = liveWindow(t, s);
    if (windows[windows.length - 1]?.quarterStart !== w.quarterStart) windows.push(w);
    windowOf[i] = windows.length - 1;
  });
  const skills = [...data.skillIds()].sort(bySkillId);
  const rows = skills.map((id) => data.rowOf(id)!);
  const spans = NHT_METRICS.map((metric) => windows.map((w) => readSpan(metric, w)));
  const fields = NHT_METRICS.map((metric) => NHT_FIELDS.indexOf(metric.field));
  return {
    instants,
    windowOf,
    windows,
    skills,
    accountId,
    read(m, skill, out) {
      const row = rows[skill]!;
      const f = fields[m]!;
      const metricSpans = spans[m]!;
      for (let k = 0; k < metricSpans.length; k += 1) {
        const v = data.latest(row, f, metricSpans[k]!.from, metricSpans[k]!.to);
        out[k] = v >= 0 ? v : Number.NaN;
      }
    },
  };
}

/** The range a window must fetch so every instant in [from, to) finds its poll's buckets. */
export function fetchRangeFor(from: number, to: number, s: Schedule): { fromMillis: number; toMillis: number } | undefined {
  const instants = sampleInstants(from, to, s);
  if (instants.length === 0) return undefined;
  const first = liveWindow(instants[0]!, s);
  const last = liveWindow(instants[instants.length - 1]!, s);
  return { fromMillis: first.fromMillis, toMillis: last.toMillis };
}
