import { NHT_METRICS, type NhtMetric } from '../../src/translate/metrics.js';
import type { NhtField } from '../../src/liveperson/types.js';

/**
 * The skill-name info metric (issue 6). Every query that uses it still returns data without it:
 * skills without a name fall back to their id.
 */
export const SKILL_INFO = 'liveperson_skill_info';

/** The NHT gauge of one LivePerson field. */
export function nht(field: NhtField): NhtMetric {
  const metric = NHT_METRICS.find((m) => m.field === field);
  if (!metric) throw new Error(`no NHT metric for field ${field}`);
  return metric;
}

/** `name{matchers}` for the selected account and skills (multi-value variables are regexes). */
export function sel(field: NhtField, scope: 'overview' | 'skill'): string {
  const matchers = scope === 'overview' ? 'account_id=~"$account", skill_id=~"$skill"' : 'account_id="$account", skill_id="$skill"';
  return `${nht(field).name}{${matchers}}`;
}

/** Every NHT series of the selected account that belongs to a skill, one per skill. */
export const SKILLS_OF_ACCOUNT = 'group by (account_id, skill_id) ({__name__=~"liveperson_nht_.+", account_id=~"$account", skill_id!=""})';

/**
 * One skill name per (account, skill): `topk` keeps the join one-to-one even while two
 * exporters (or a rename in flight) briefly expose two names for the same id.
 */
const NAMES = `topk by (account_id, skill_id) (1, group by (account_id, skill_id, skill_name) (${SKILL_INFO}{account_id=~"$account"}))`;

/**
 * `expr` with a `skill` label for legends and tables: "name · id" when liveperson_skill_info
 * names the skill, the id otherwise. label_join copies labels without `$1` references, which
 * Grafana would take for template variables.
 */
export function named(expr: string): string {
  return [
    `label_join(${expr} * on (account_id, skill_id) group_left (skill_name) ${NAMES}, "skill", " · ", "skill_name", "skill_id")`,
    `or on (account_id, skill_id)`,
    `label_join(${expr}, "skill", "", "skill_id")`,
  ].join('\n');
}

/**
 * The skill variable: ids as values, names as text where liveperson_skill_info has them (the
 * regex `SKILL_VARIABLE_REGEX` splits each `query_result` line into text and value). Only skills
 * that have NHT data are offered.
 */
export const SKILL_VARIABLE_QUERY = [
  // One line: Grafana only recognises `query_result(...)` without line breaks.
  'query_result(',
  `group by (account_id, skill_id, skill_name) (${SKILL_INFO}{account_id=~"$account"}) and on (account_id, skill_id) ${SKILLS_OF_ACCOUNT}`,
  'or on (account_id, skill_id)',
  `label_join(${SKILLS_OF_ACCOUNT}, "skill_name", "", "skill_id")`,
  ')',
].join(' ');

/** Matches a `query_result` line such as `{account_id="1", skill_id="2", skill_name="Billing"} 1 1700000000000`. */
export const SKILL_VARIABLE_REGEX = '/skill_id="(?<value>[^"]+)",\\s*skill_name="(?<text>[^"]*)"/';

/** The accounts that have NHT data. */
export const ACCOUNT_VARIABLE_QUERY = 'label_values({__name__=~"liveperson_nht_.+",skill_id!=""}, account_id)';
