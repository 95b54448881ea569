import type { Snapshot } from '../snapshot.js';
import type { ValueFamily } from './family.js';

/**
 * The nine NHT gauges of a snapshot, labelled with account and skill. A skill without a value
 * (LivePerson's -1) has no sample in the snapshot, so it has no series: absent on both outputs.
 */
export function nhtFamilies(snapshot: Snapshot): ValueFamily[] {
  const account_id = snapshot.accountId;
  return snapshot.series.map(({ metric, samples }) => ({
    def: metric,
    points: samples.map((s) => ({ labels: { account_id, skill_id: s.skillId }, value: s.value })),
  }));
}
