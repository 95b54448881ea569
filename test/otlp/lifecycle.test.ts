import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { metricNamed, numberPoints } from './support/otlp-model.js';
import { startReceiver, type OtlpReceiver } from './support/receiver.js';
import { startDemo } from './support/demo.js';

let receiver: OtlpReceiver | undefined;
let exporter: Exporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  await receiver?.close();
  exporter = undefined;
  receiver = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the push over the life of the exporter', () => {
  it('pushes every OTEL_METRIC_EXPORT_INTERVAL on its own', async () => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url, { interval: '1000' });
    await exporter.poller.pollOnce();
    const received = await receiver.waitFor(2, 5_000);
    const [first, second] = received.map((r) => numberPoints(r.body).find((p) => p.metric.name === 'liveperson.nht.up'));
    expect(first?.value).toBe(1);
    expect(second?.value).toBe(1);
    const times = received.slice(0, 2).map((r) => BigInt(metricNamed(r.body, 'liveperson.nht.up').gauge!.dataPoints![0]!.timeUnixNano!));
    // Each push is stamped with its own collection time, a scrape's timestamp being the scrape time.
    expect(Number((times[1]! - times[0]!) / 1_000_000n)).toBeGreaterThanOrEqual(900);
  });

  it('flushes exactly once on stop, with the last poll, and never pushes after', async () => {
    receiver = await startReceiver();
    // Long enough that no periodic push is under way at stop, short enough to show the timer is gone.
    exporter = await startDemo(receiver.url, { interval: '2000' });
    await exporter.poller.pollOnce();
    await exporter.poller.pollOnce();
    const before = receiver.requests;
    await exporter.stop();
    expect(receiver.requests).toBe(before + 1);
    const last = receiver.exports.at(-1)!;
    const polls = numberPoints(last.body).find((p) => p.metric.name === 'liveperson.nht.polls' && p.attributes['result'] === 'success');
    expect(polls?.value).toBe(2);

    await sleep(2_500);
    expect(receiver.requests).toBe(before + 1);
    await exporter.stop();
    expect(receiver.requests).toBe(before + 1);
  });

  it.each(['none', 'prometheus'])('pushes nothing and registers no export counter when OTEL_METRICS_EXPORTER is %s', async (value) => {
    receiver = await startReceiver();
    exporter = await startDemo(receiver.url, { metricsExporter: value });
    expect(exporter.otlp).toBeUndefined();
    await exporter.poller.pollOnce();
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    expect(text).not.toContain('liveperson_nht_otlp_exports_total');
    await exporter.stop();
    expect(receiver.requests).toBe(0);
  });
});
