import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const RULES_DIR = join(ROOT, 'deploy', 'prometheus', 'rules');

export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RuleGroup {
  readonly name: string;
  readonly rules: readonly Rule[];
}

/** The rule files of deploy/prometheus/rules, absolute paths, sorted. */
export function ruleFiles(): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => join(RULES_DIR, f));
}

/** Every rule group of every rule file. */
export function ruleGroups(): RuleGroup[] {
  return ruleFiles().flatMap((f) => (load(readFileSync(f, 'utf8')) as { groups: RuleGroup[] }).groups);
}

/** Every alerting rule. */
export function alerts(): Array<Rule & { alert: string }> {
  return ruleGroups().flatMap((g) => g.rules.filter((r): r is Rule & { alert: string } => r.alert !== undefined));
}
