/**
 * Skill names: LivePerson's Skills API read on a slow cadence of its own, exported as the info
 * metric `liveperson_skill_info{account_id, skill_id, skill_name, deleted} 1` that queries join
 * onto the NHT series. The names are never copied onto the NHT series themselves.
 */
export { SkillNames, SKILL_NAMES_ENV, SKILLS_PRIVILEGE } from './refresher.js';
export type { SkillNamesOptions } from './refresher.js';
export type { SkillName, SkillNameMap, SkillNamesObserver, SkillNamesRefreshResult } from './types.js';
