import type { Snapshot } from '../snapshot.js';
import type { MetricSamples } from '../translate/translate.js';
import type { ValueFamily } from './family.js';

/**
 * One NHT gauge of a snapshot, labelled with account and skill. A skill without a value
 * (LivePerson's -1) has no sample in the snapshot, so it has no series: absent on both outputs.
 */
export function nhtFamily(account_id: string, { metric, samples }: MetricSamples): ValueFamily {
  return { def: metric, points: samples.map((s) => ({ labels: { account_id, skill_id: s.skillId }, value: s.value })) };
}

/** The nine NHT gauges of a snapshot. */
export function nhtFamilies(snapshot: Snapshot): ValueFamily[] {
  return snapshot.series.map((series) => nhtFamily(snapshot.accountId, series));
}
