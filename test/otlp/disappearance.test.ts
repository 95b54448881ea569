import { afterEach, describe, expect, it } from 'vitest';
import type { SkillRecord } from '../../src/liveperson/types.js';
import { silentLogger } from '../../src/log.js';
import { nhtFamilies } from '../../src/metrics/nht.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import { startOtlpPusher, type OtlpPusher } from '../../src/otlp/pusher.js';
import { resolveOtlpSettings } from '../../src/otlp/settings.js';
import { pushSources } from '../../src/otlp/start.js';
import { renderSnapshot } from '../../src/prometheus/exposition.js';
import { parseExposition } from './support/exposition.js';
import { metricsOf, numberPoints, type OtlpRequest } from './support/otlp-model.js';
import { toPrometheusSamples } from './support/prometheus-translation.js';
import { startReceiver, type OtlpReceiver } from './support/receiver.js';
import { pollerOver, skill } from './support/records.js';
import { loadConfig } from '../../src/config/load.js';

let receiver: OtlpReceiver | undefined;
let pusher: OtlpPusher | undefined;
afterEach(async () => {
  await pusher?.stop();
  await receiver?.close();
  pusher = undefined;
  receiver = undefined;
});

function settingsFor(url: string) {
  const loaded = loadConfig(['--demo', '--otel-metrics-exporter', 'otlp', '--otel-exporter-otlp-endpoint', url, '--otel-metric-export-interval', '1h'], {});
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const settings = resolveOtlpSettings(loaded.config.otlp);
  if (!settings) throw new Error('OTLP settings expected');
  return settings;
}

function skillsOf(request: OtlpRequest, metric: string): string[] {
  return numberPoints(request).filter((p) => p.metric.name === metric).map((p) => p.attributes['skill_id'] ?? '');
}

function nhtOnly(samples: Map<string, number>): Map<string, number> {
  return new Map([...samples].filter(([k]) => k.startsWith('liveperson_nht_') && k.includes('skill_id=')));
}

describe('absent means absent on the OTLP path too', () => {
  it('drops a skill that disappears, and a value that turns -1, from the next export, as /metrics does', async () => {
    receiver = await startReceiver();
    const metrics = new OwnMetrics('test');
    const records: { now: readonly SkillRecord[] } = { now: [skill('1', 10), skill('2', 20), skill('3', 30)] };
    const poller = pollerOver(records, metrics);
    pusher = await startOtlpPusher({
      settings: settingsFor(receiver.url),
      sources: pushSources({ poller, metrics, accountId: '12345678' }),
      facts: { accountId: '12345678', version: 'test' },
      logger: silentLogger,
    });

    expect(await poller.pollOnce()).toBe(true);
    await pusher.flush();
    records.now = [skill('1', 11), skill('3', 31, { netHandleTime: -1 })];
    expect(await poller.pollOnce()).toBe(true);
    await pusher.flush();
    const [before, after] = await receiver.waitFor(2);

    expect(skillsOf(before!.body, 'liveperson.nht.net_handle_time')).toEqual(['1', '2', '3']);
    expect(skillsOf(after!.body, 'liveperson.nht.net_handle_time')).toEqual(['1']);
    expect(skillsOf(after!.body, 'liveperson.nht.arrivals')).toEqual(['1', '3']);
    expect(numberPoints(after!.body).filter((p) => p.attributes['skill_id'] === '2')).toEqual([]);
    expect(numberPoints(after!.body).find((p) => p.metric.name === 'liveperson.nht.arrivals' && p.attributes['skill_id'] === '1')?.value).toBe(11);

    // The same series as the /metrics text of the same poll.
    const exposition = nhtOnly(parseExposition(renderSnapshot(poller.current!).text));
    expect(nhtOnly(toPrometheusSamples(after!.body))).toEqual(exposition);
  });

  it('leaves out a gauge whose every skill has no data, instead of sending it empty', async () => {
    receiver = await startReceiver();
    const metrics = new OwnMetrics('test');
    const records = { now: [skill('1', 5, { netHandleTime: -1 }), skill('2', 6, { netHandleTime: -1 })] };
    const poller = pollerOver(records, metrics);
    pusher = await startOtlpPusher({
      settings: settingsFor(receiver.url),
      sources: [() => (poller.current ? nhtFamilies(poller.current) : [])],
      facts: { accountId: '12345678', version: 'test' },
      logger: silentLogger,
    });
    await poller.pollOnce();
    await pusher.flush();
    const [request] = await receiver.waitFor(1);
    const names = metricsOf(request!.body).map((m) => m.name);
    expect(names).not.toContain('liveperson.nht.net_handle_time');
    expect(names).toContain('liveperson.nht.avg_segment_work_time');
  });

  it('before the first successful poll, pushes only the health metrics (liveperson_nht_up 0)', async () => {
    receiver = await startReceiver();
    const metrics = new OwnMetrics('test');
    pusher = await startOtlpPusher({
      settings: settingsFor(receiver.url),
      sources: pushSources({ poller: { current: undefined }, metrics, accountId: '12345678' }),
      facts: { accountId: '12345678', version: 'test' },
      logger: silentLogger,
    });
    await pusher.flush();
    const [request] = await receiver.waitFor(1);
    expect(metricsOf(request!.body).filter((m) => m.name.startsWith('liveperson.nht.') && m.gauge?.dataPoints?.some((p) => p.attributes?.some((a) => a.key === 'skill_id')))).toEqual([]);
    expect(numberPoints(request!.body).find((p) => p.metric.name === 'liveperson.nht.up')?.value).toBe(0);
  });
});
