/**
 * Node.js process metrics (prom-client's defaults: CPU, memory, heap, event-loop lag, GC), on
 * /metrics only. Reading them is the costliest part of a scrape (the event-loop-lag percentiles
 * above all), and the kernel and V8 figures behind them move in steps of milliseconds: they are
 * read at most once a second, and scrapes within that second share the reading.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

export const PROCESS_METRICS_MAX_AGE_MS = 1000;

/**
 * How often the event-loop lag is sampled (prom-client's default is 10 ms). Each sample wakes
 * the process; at 10 ms that was most of an idle exporter's CPU and a share of every poll's
 * (docs/benchmarks.md). 50 ms is the longest block a poll may cause, so any block that matters
 * still shows whole in `nodejs_eventloop_lag_max_seconds`.
 */
export const EVENT_LOOP_SAMPLE_MS = 50;

export class ProcessMetrics {
  private readonly registry = new Registry();
  private last: { readonly at: number; readonly text: string } | undefined;
  private reading: Promise<string> | undefined;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = PROCESS_METRICS_MAX_AGE_MS,
  ) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
    // These three are gauges named like counters; `promtool check metrics` rightly objects.
    for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      this.registry.removeSingleMetric(name);
  }

  /** The exposition text; the same string as last time while that reading is younger than the maximum age. */
  read(): Promise<string> {
    const at = this.now();
    if (this.last && at - this.last.at < this.maxAgeMs) return Promise.resolve(this.last.text);
    return (this.reading ??= this.registry
      .metrics()
      .then((text) => {
        this.last = { at, text };
        return text;
      })
      .finally(() => {
        this.reading = undefined;
      }));
  }
}
