import type { SkillNameMap } from '../skills/types.js';
import type { FamilyDef, ValueFamily } from './family.js';

/**
 * `liveperson_skill_info{account_id, skill_id, skill_name, deleted} 1`, the info metric queries
 * join onto the NHT series: `account_id` and `skill_id` to join on, and what the join adds. The
 * names are never copied onto the NHT series themselves. No unit: a unit `1` would make the OTLP
 * translation add `_ratio`.
 */
export const SKILL_INFO: FamilyDef & { readonly type: 'gauge' } = {
  name: 'liveperson_skill_info',
  otelName: 'liveperson.skill.info',
  otelUnit: '',
  help:
    'Name of each LivePerson skill, from the Skills API; the value is always 1. Join it onto the NHT series: ' +
    '<nht metric> * on(account_id, skill_id) group_left(skill_name) liveperson_skill_info. Refreshed on its own cadence, not per scrape.',
  type: 'gauge',
  labels: ['account_id', 'skill_id', 'skill_name', 'deleted'],
};

/** Numeric ids in numeric order (ids can be 19 digits: compared as BigInt, not Number). */
export function sortedIds(names: SkillNameMap): string[] {
  return [...names.keys()].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** One series per known skill, in id order, so equal lists give equal output. */
export function skillInfoFamily(accountId: string, names: SkillNameMap): ValueFamily {
  return {
    def: SKILL_INFO,
    points: sortedIds(names).map((id) => {
      const skill = names.get(id)!;
      return { labels: { account_id: accountId, skill_id: id, skill_name: skill.name, deleted: String(skill.deleted) }, value: 1 };
    }),
  };
}
