import { afterEach, describe, expect, it, vi } from 'vitest';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { Exporter } from '../../src/app.js';
import { silentLogger } from '../../src/log.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import { startOtlpPusher, type OtlpPusher } from '../../src/otlp/pusher.js';
import { pushSources } from '../../src/otlp/start.js';
import { NOWHERE, startDemo } from './support/demo.js';
import { memoryExporter, metricIn, pointsIn, pushSettings } from './support/memory.js';
import { NOW, pollerOver, skill } from './support/records.js';

let exporter: Exporter | undefined;
let pusher: OtlpPusher | undefined;
afterEach(async () => {
  await exporter?.stop();
  await pusher?.stop();
  vi.useRealTimers();
  exporter = undefined;
  pusher = undefined;
});

const INTERVAL = 1000;

/** A push every second of a poller's data into memory, on fake timers that the test drives. */
async function pushEverySecond() {
  vi.useFakeTimers({ now: NOW });
  const memory = memoryExporter();
  const metrics = new OwnMetrics('test');
  const poller = pollerOver({ now: [skill('1', 1)] }, metrics);
  const sources = pushSources({ poller, metrics, accountId: '12345678' });
  pusher = await startOtlpPusher({ settings: pushSettings(String(INTERVAL)), sources, exporter: memory, facts: { accountId: '12345678', version: 'test' }, logger: silentLogger });
  expect(await poller.pollOnce()).toBe(true);
  return { memory, pusher };
}

/** Stops the push on fake timers, moving them on until the last export has been answered. */
async function stopOnFakeTimers(p: OtlpPusher): Promise<void> {
  let stopped = false;
  const stopping = p.stop().then(() => (stopped = true));
  while (!stopped) await vi.advanceTimersByTimeAsync(10);
  await stopping;
}

describe('the push over the life of the exporter', () => {
  it('pushes every OTEL_METRIC_EXPORT_INTERVAL on its own', async () => {
    const { memory } = await pushEverySecond();
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(memory.getMetrics()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(memory.getMetrics()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    const [first, second] = memory.getMetrics();
    expect(pointsIn(first!, 'liveperson.nht.up')[0]?.value).toBe(1);
    expect(pointsIn(second!, 'liveperson.nht.up')[0]?.value).toBe(1);
    // Each push is stamped with its own collection time, a scrape's timestamp being the scrape time.
    const times = [first!, second!].map((e) => hrTimeToMilliseconds(metricIn(e, 'liveperson.nht.up').dataPoints[0]!.endTime));
    expect(times).toEqual([NOW + INTERVAL, NOW + 2 * INTERVAL]);
    await stopOnFakeTimers(pusher!);
  });

  it('after stop, never pushes again, however many intervals pass', async () => {
    const { memory, pusher } = await pushEverySecond();
    await stopOnFakeTimers(pusher);
    const after = memory.getMetrics().length;
    expect(after).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(memory.getMetrics()).toHaveLength(after);
    await stopOnFakeTimers(pusher);
    expect(memory.getMetrics()).toHaveLength(after);
  });

  it('flushes exactly once on stop, with the last poll', async () => {
    const memory = memoryExporter();
    exporter = await startDemo(NOWHERE, { exporter: memory });
    await exporter.poller.pollOnce();
    await exporter.poller.pollOnce();
    const before = memory.getMetrics().length;
    await exporter.stop();
    expect(memory.getMetrics()).toHaveLength(before + 1);
    const polls = pointsIn(memory.getMetrics().at(-1)!, 'liveperson.nht.polls').find((p) => p.attributes['result'] === 'success');
    expect(polls?.value).toBe(2);
    await exporter.stop();
    expect(memory.getMetrics()).toHaveLength(before + 1);
  });

  it.each(['none', 'prometheus'])('pushes nothing and registers no export counter when OTEL_METRICS_EXPORTER is %s', async (value) => {
    const memory = memoryExporter();
    exporter = await startDemo(NOWHERE, { metricsExporter: value, exporter: memory });
    expect(exporter.otlp).toBeUndefined();
    await exporter.poller.pollOnce();
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    expect(text).not.toContain('liveperson_nht_otlp_exports_total');
    await exporter.stop();
    expect(memory.getMetrics()).toHaveLength(0);
  });
});
