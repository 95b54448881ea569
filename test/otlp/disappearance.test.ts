import type { InMemoryMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import type { SkillRecord } from '../../src/liveperson/types.js';
import { silentLogger } from '../../src/log.js';
import { nhtFamilies } from '../../src/metrics/nht.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import type { FamilySource } from '../../src/otlp/producer.js';
import { startOtlpPusher, type OtlpPusher } from '../../src/otlp/pusher.js';
import { pushSources } from '../../src/otlp/start.js';
import { renderSnapshot } from '../../src/prometheus/exposition.js';
import { parseExposition } from './support/exposition.js';
import { memoryExporter, metricsIn, pointsIn, pushSettings, samplesIn } from './support/memory.js';
import { pollerOver, skill } from './support/records.js';

let pusher: OtlpPusher | undefined;
afterEach(async () => {
  await pusher?.stop();
  pusher = undefined;
});

/** A push of `sources` into memory, exporting only on flush() and stop(). */
async function pushInto(memory: InMemoryMetricExporter, sources: FamilySource[]): Promise<OtlpPusher> {
  return startOtlpPusher({ settings: pushSettings(), sources, exporter: memory, facts: { accountId: '12345678', version: 'test' }, logger: silentLogger });
}

function skillsOf(exported: ResourceMetrics, metric: string): string[] {
  return pointsIn(exported, metric).map((p) => p.attributes['skill_id'] ?? '');
}

function allPoints(exported: ResourceMetrics) {
  return metricsIn(exported).flatMap((m) => pointsIn(exported, m.descriptor.name).map((p) => ({ metric: m.descriptor.name, ...p })));
}

function nhtOnly(samples: Map<string, number>): Map<string, number> {
  return new Map([...samples].filter(([k]) => k.startsWith('liveperson_nht_') && k.includes('skill_id=')));
}

describe('absent means absent on the OTLP path too', () => {
  it('drops a skill that disappears, and a value that turns -1, from the next export, as /metrics does', async () => {
    const memory = memoryExporter();
    const metrics = new OwnMetrics('test');
    const records: { now: readonly SkillRecord[] } = { now: [skill('1', 10), skill('2', 20), skill('3', 30)] };
    const poller = pollerOver(records, metrics);
    pusher = await pushInto(memory, pushSources({ poller, metrics, accountId: '12345678' }));

    expect(await poller.pollOnce()).toBe(true);
    await pusher.flush();
    records.now = [skill('1', 11), skill('3', 31, { netHandleTime: -1 })];
    expect(await poller.pollOnce()).toBe(true);
    await pusher.flush();
    const [before, after] = memory.getMetrics();

    expect(skillsOf(before!, 'liveperson.nht.net_handle_time')).toEqual(['1', '2', '3']);
    expect(skillsOf(after!, 'liveperson.nht.net_handle_time')).toEqual(['1']);
    expect(skillsOf(after!, 'liveperson.nht.arrivals')).toEqual(['1', '3']);
    expect(allPoints(after!).filter((p) => p.attributes['skill_id'] === '2')).toEqual([]);
    expect(pointsIn(after!, 'liveperson.nht.arrivals').find((p) => p.attributes['skill_id'] === '1')?.value).toBe(11);

    // The same series as the /metrics text of the same poll.
    const exposition = nhtOnly(parseExposition(renderSnapshot(poller.current!).text));
    expect(nhtOnly(samplesIn(after!))).toEqual(exposition);
  });

  it('leaves out a gauge whose every skill has no data, instead of sending it empty', async () => {
    const memory = memoryExporter();
    const records = { now: [skill('1', 5, { netHandleTime: -1 }), skill('2', 6, { netHandleTime: -1 })] };
    const poller = pollerOver(records, new OwnMetrics('test'));
    pusher = await pushInto(memory, [() => (poller.current ? nhtFamilies(poller.current) : [])]);
    await poller.pollOnce();
    await pusher.flush();
    const [exported] = memory.getMetrics();
    const names = metricsIn(exported!).map((m) => m.descriptor.name);
    expect(names).not.toContain('liveperson.nht.net_handle_time');
    expect(names).toContain('liveperson.nht.avg_segment_work_time');
  });

  it('before the first successful poll, pushes only the health metrics (liveperson_nht_up 0)', async () => {
    const memory = memoryExporter();
    const metrics = new OwnMetrics('test');
    pusher = await pushInto(memory, pushSources({ poller: { current: undefined }, metrics, accountId: '12345678' }));
    await pusher.flush();
    const [exported] = memory.getMetrics();
    expect(allPoints(exported!).filter((p) => p.metric.startsWith('liveperson.nht.') && 'skill_id' in p.attributes)).toEqual([]);
    expect(pointsIn(exported!, 'liveperson.nht.up')[0]?.value).toBe(0);
  });
});
