import type { Snapshot } from '../snapshot.js';
import type { MetricSamples } from '../translate/translate.js';
import type { Labels, Point, ValueFamily } from './family.js';

/** The labels of a skill's series: the same object for the skill in every family that shares this function. */
export type SkillLabels = (skillId: string) => Labels;

/**
 * One labels object per skill for the nine families of a snapshot: 20,000 skills make 20,000 of
 * them instead of 180,000 (families are never edited, so sharing is safe).
 */
export function skillLabels(account_id: string): SkillLabels {
  const bySkill = new Map<string, Labels>();
  return (skill_id) => {
    let labels = bySkill.get(skill_id);
    if (labels === undefined) bySkill.set(skill_id, (labels = { account_id, skill_id }));
    return labels;
  };
}

/**
 * One NHT gauge of a snapshot, labelled with account and skill. A skill without a value
 * (LivePerson's -1) has no sample in the snapshot, so it has no series: absent on both outputs.
 */
export function nhtFamily(account_id: string, { metric, skillIds, values }: MetricSamples, labels: SkillLabels = skillLabels(account_id)): ValueFamily {
  return { def: metric, points: skillIds.map((skillId, i) => ({ labels: labels(skillId), value: values[i]! })) };
}

/** The nine NHT gauges of a snapshot. */
export function nhtFamilies(snapshot: Snapshot): ValueFamily[] {
  const labels = skillLabels(snapshot.accountId);
  return snapshot.series.map((series) => nhtFamily(snapshot.accountId, series, labels));
}

/** What a column-backed family's points are made of: one snapshot column and its account. */
export interface NhtColumns {
  readonly accountId: string;
  readonly samples: MetricSamples;
}

/** An NHT gauge whose points are built only when read: the OTLP push can encode its columns instead. */
export type ColumnFamily = ValueFamily & { readonly columns: NhtColumns };

/**
 * The nine NHT gauges of a snapshot backed by its columns. `points` is built on first read (the
 * http/json path, tests); the protobuf push encodes `columns` directly and never reads it,
 * which spares 180,000 point objects at 20,000 skills.
 */
export function nhtColumnFamilies(snapshot: Snapshot): ColumnFamily[] {
  const labels = skillLabels(snapshot.accountId);
  return snapshot.series.map((samples) => {
    let points: readonly Point[] | undefined;
    return {
      def: samples.metric,
      columns: { accountId: snapshot.accountId, samples },
      get points() {
        return (points ??= nhtFamily(snapshot.accountId, samples, labels).points);
      },
    };
  });
}

export function isColumnFamily(family: object): family is ColumnFamily {
  return 'columns' in family;
}
