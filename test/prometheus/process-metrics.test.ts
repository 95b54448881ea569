import perfHooks from 'node:perf_hooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EVENT_LOOP_SAMPLE_MS, ProcessMetrics } from '../../src/prometheus/process-metrics.js';

describe('the process metrics', () => {
  afterEach(() => vi.restoreAllMocks());

  it('sample the event-loop lag every 50 ms, not every 10', () => {
    const monitor = vi.spyOn(perfHooks, 'monitorEventLoopDelay');
    new ProcessMetrics();
    expect(EVENT_LOOP_SAMPLE_MS).toBe(50);
    expect(monitor).toHaveBeenCalledWith({ resolution: EVENT_LOOP_SAMPLE_MS });
  });

  it('still expose the lag and the rest of the default metrics, read at most once a second', async () => {
    let now = 1_000;
    const metrics = new ProcessMetrics(() => now);
    const text = await metrics.read();
    expect(text).toMatch(/^nodejs_eventloop_lag_max_seconds \S+$/m);
    expect(text).toMatch(/^process_cpu_seconds_total \S+$/m);
    now += 999;
    expect(await metrics.read()).toBe(text);
  });
});
