/**
 * The backfill itself: plan windows of at most one week, fetch each (every page, through the
 * project's NHT client), replay what /metrics served at every 5-minute instant, and hand the
 * samples, one 2-hour chunk at a time, to the sinks. One window is held in memory at a time.
 */
import type { Writable } from 'node:stream';
import { HOUR } from '../config/duration.js';
import type { Logger } from '../log.js';
import { NHT_MAX_RANGE_MS, NHT_PAGE_SIZE, type NhtClient } from '../liveperson/nht-client.js';
import type { TimeRange } from '../liveperson/types.js';
import { writeFamilies } from './openmetrics.js';
import type { Progress } from './progress.js';
import { iso, type BackfillRange } from './range.js';
import { FAMILIES, fetchRangeFor, liveWindow, sampleInstants, sampleWindow, SAMPLE_STEP_MS, type Schedule } from './sampler.js';
import { createBlocksSink, createFileSink, type Sink } from './sinks.js';
import { WindowData } from './window-data.js';

/**
 * Output covered by one window: 162 hours, aligned to multiples of 162 hours since the epoch.
 * With the hours before it that its first instants read, a window's fetch stays under
 * LivePerson's one-week limit; and 162 hours is one of Prometheus's block ranges (2h × 3⁴), so
 * promtool, told --max-block-duration=162h, makes exactly one block of each window's file.
 */
export const WINDOW_OUTPUT_MS = 162 * HOUR;
export const BLOCK_DURATION = '162h';

export interface BackfillJob {
  readonly client: Pick<NhtClient, 'fetchRange'>;
  readonly accountId: string;
  readonly range: BackfillRange;
  readonly schedule: Schedule;
  /** Target labels (job, instance, ...), added to every series. */
  readonly labels: Readonly<Record<string, string>>;
  /** OpenMetrics file, or `-` for `stdout`. */
  readonly output?: string;
  readonly blocks?: string;
  readonly promtool: string;
  /** Oldest instant LivePerson still answers for when the windows are planned, epoch ms. */
  readonly oldestKept: number;
  readonly logger: Logger;
  readonly progress?: Progress;
  readonly stdout: Writable;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

export interface Summary {
  readonly from: string;
  readonly to: string;
  readonly windows: number;
  readonly pages: number;
  readonly skills: number;
  readonly samples: number;
  readonly bytes: number;
  readonly blocksMade: number;
  /** Time spent waiting for LivePerson (all windows), and promtool's time (it runs while the next window is fetched). */
  readonly fetchSeconds: number;
  readonly promtoolSeconds: number;
  readonly invalidValues: number;
  readonly seconds: number;
}

export interface Window {
  /** Instants written: [from, to). */
  readonly from: number;
  readonly to: number;
  /** What is asked of LivePerson. */
  readonly fetch: TimeRange;
}

/** A window that failed: names it, and the page, in the message. */
export class BackfillError extends Error {}

/** The first instant whose poll window LivePerson still keeps entirely. */
export function firstServableInstant(from: number, oldestKept: number, s: Schedule): number {
  let t = sampleInstants(from, from + SAMPLE_STEP_MS, s)[0]!;
  while (liveWindow(t, s).fromMillis < oldestKept) t += SAMPLE_STEP_MS;
  return t;
}

/** Windows of {@link WINDOW_OUTPUT_MS} (the first and last cut to the range), each fetch at most one week long. */
export function planWindows(range: BackfillRange, s: Schedule): Window[] {
  const windows: Window[] = [];
  for (let from = range.from; from < range.to; ) {
    const to = Math.min(range.to, Math.floor(from / WINDOW_OUTPUT_MS) * WINDOW_OUTPUT_MS + WINDOW_OUTPUT_MS);
    const fetch = fetchRangeFor(from, to, s);
    if (fetch) {
      if (fetch.toMillis - fetch.fromMillis > NHT_MAX_RANGE_MS) throw new Error(`window ${iso(from)} to ${iso(to)} needs more than a week of data`);
      windows.push({ from, to, fetch });
    }
    from = to;
  }
  return windows;
}

/** Runs the backfill; rejects with a BackfillError naming the window that failed, after removing every partial result. */
export async function backfill(job: BackfillJob): Promise<Summary> {
  const started = job.now();
  const start = firstServableInstant(job.range.from, job.oldestKept, job.schedule);
  if (start >= job.range.from + SAMPLE_STEP_MS) {
    job.logger.info('history starts later than asked: LivePerson no longer keeps the hours its first samples read', {
      asked: iso(job.range.from),
      starts: iso(start),
    });
  }
  const range = { from: start, to: job.range.to };
  if (range.from >= range.to) throw new BackfillError(`nothing to write between ${iso(job.range.from)} and ${iso(job.range.to)}`);
  const windows = planWindows(range, job.schedule);
  const sinks: Sink[] = [];
  let blocks = 0;
  let fetchMs = 0;
  let promtoolMs = 0;
  const totals = { pages: 0, samples: 0, bytes: 0, invalid: 0 };
  let skills = 0;
  job.progress?.start(windows.length);
  // One store for every window: its array is allocated for the longest and reused.
  let data: WindowData | undefined;
  const longest = Math.max(...windows.map((w) => WindowData.quartersOf(w.fetch)));
  try {
    if (job.output) sinks.push(await createFileSink(job.output, job.stdout, job.signal));
    if (job.blocks) sinks.push(await createBlocksSink({ dir: job.blocks, promtool: job.promtool, blockDuration: BLOCK_DURATION, onBlock: (ms) => ((blocks += 1), (promtoolMs += ms)) }));
    for (const [i, window] of windows.entries()) {
      job.signal?.throwIfAborted();
      const name = `window ${i + 1} of ${windows.length} (${iso(window.fetch.fromMillis)} to ${iso(window.fetch.toMillis)})`;
      if (data) data.reset(window.fetch);
      else data = new WindowData(window.fetch);
      const store = data;
      let first = true;
      const fetchStarted = performance.now();
      try {
        await job.client.fetchRange(
          window.fetch,
          (page) => {
            if (first) {
              job.progress?.windowPages(page.pages);
              store.reserve(page.pages * NHT_PAGE_SIZE, longest);
            }
            first = false;
            store.add(page.skills);
            totals.pages += 1;
            job.progress?.page();
          },
          job.signal,
        );
      } catch (err) {
        if (job.signal?.aborted) throw err;
        throw new BackfillError(`${name} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      fetchMs += performance.now() - fetchStarted;
      totals.invalid += data.invalid;
      skills = Math.max(skills, data.skills);
      const samples = sampleWindow(data, sampleInstants(window.from, window.to, job.schedule), job.schedule, job.accountId);
      totals.samples += await writeFamilies(samples, job.labels, async (index, text) => {
        totals.bytes += Buffer.byteLength(text);
        for (const sink of sinks) await sink.write(index, FAMILIES[index]!.name, FAMILIES[index]!.help, text);
      });
      for (const sink of sinks) await sink.endWindow();
      job.progress?.windowDone();
    }
    for (const sink of sinks) await sink.finish();
  } catch (err) {
    await Promise.all(sinks.map((s) => s.discard().catch(() => undefined)));
    throw err;
  } finally {
    job.progress?.stop();
  }
  return {
    from: iso(range.from),
    to: iso(range.to),
    windows: windows.length,
    pages: totals.pages,
    skills,
    samples: totals.samples,
    bytes: totals.bytes,
    blocksMade: blocks,
    fetchSeconds: Math.round(fetchMs / 100) / 10,
    promtoolSeconds: Math.round(promtoolMs / 100) / 10,
    invalidValues: totals.invalid,
    seconds: Math.round((job.now() - started) / 100) / 10,
  };
}
