import { Gauge, Registry } from 'prom-client';
import { EMPTY_DATA, prepare, type RenderedData } from '../prometheus/exposition.js';
import type { SkillNameMap } from './types.js';

/** Prometheus name of the info metric; an OTLP gauge `liveperson.skill.info` (no unit) translates to it. */
export const SKILL_INFO_METRIC = 'liveperson_skill_info';
/** OpenTelemetry instrument name of the same info metric. */
export const SKILL_INFO_OTEL_NAME = 'liveperson.skill.info';
/** Its labels: the NHT series' two (`account_id`, `skill_id`) to join on, and what the join adds. */
export const SKILL_INFO_LABELS = ['account_id', 'skill_id', 'skill_name', 'deleted'] as const;
export const SKILL_INFO_HELP =
  'Name of each LivePerson skill, from the Skills API; the value is always 1. Join it onto the NHT series: ' +
  '<nht metric> * on(account_id, skill_id) group_left(skill_name) liveperson_skill_info. Refreshed on its own cadence, not per scrape.';

/** The labels of one info sample: names stay here, never copied onto the NHT series. */
export function skillInfoLabels(accountId: string, skillId: string, skill: { name: string; deleted: boolean }): Record<(typeof SKILL_INFO_LABELS)[number], string> {
  return { account_id: accountId, skill_id: skillId, skill_name: skill.name, deleted: String(skill.deleted) };
}

/**
 * Renders `liveperson_skill_info` once per change of the names, through prom-client so label
 * escaping is the library's. Skills come out in id order so equal lists give equal text.
 */
export async function renderSkillInfo(accountId: string, names: SkillNameMap): Promise<RenderedData> {
  if (names.size === 0) return EMPTY_DATA;
  const registry = new Registry();
  const gauge = new Gauge({ name: SKILL_INFO_METRIC, help: SKILL_INFO_HELP, labelNames: SKILL_INFO_LABELS, registers: [registry] });
  for (const id of sortedIds(names)) gauge.set(skillInfoLabels(accountId, id, names.get(id)!), 1);
  return prepare(await registry.metrics());
}

/** Numeric ids in numeric order (ids can be 19 digits: compared as BigInt, not Number). */
export function sortedIds(names: SkillNameMap): string[] {
  return [...names.keys()].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/**
 * The info metric as plain data points, for the OTLP side: one gauge `liveperson.skill.info`
 * (unit empty, so Prometheus's OTLP translation names it `liveperson_skill_info`: a unit `1`
 * would add `_ratio`), value 1, attributes identical to the Prometheus labels so one PromQL join
 * works on both paths.
 */
export function skillInfoPoints(accountId: string, names: SkillNameMap): Array<{ readonly attributes: Record<string, string>; readonly value: 1 }> {
  return sortedIds(names).map((id) => ({ attributes: skillInfoLabels(accountId, id, names.get(id)!), value: 1 as const }));
}
