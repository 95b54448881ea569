import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildPrometheusRule, OUTPUT, readRuleFiles } from '../../deploy/prometheus/generate-prometheusrule.mjs';
import { ruleGroups } from './rule-files.js';

describe('the Prometheus Operator PrometheusRule', () => {
  it('is up to date with deploy/prometheus/rules (regenerate: node deploy/prometheus/generate-prometheusrule.mjs)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(buildPrometheusRule(readRuleFiles()));
  });

  it('holds exactly the rule groups of the rule files, under spec.groups', () => {
    const manifest = load(readFileSync(OUTPUT, 'utf8')) as { apiVersion: string; kind: string; metadata: { name: string }; spec: { groups: unknown[] } };
    expect(manifest).toMatchObject({ apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'liveperson-nht-exporter' } });
    expect(manifest.spec.groups).toEqual(ruleGroups());
  });

  it('refuses a rule file with anything beside its groups, which the wrapping would lose', () => {
    expect(() => buildPrometheusRule([{ name: 'bad.rules.yml', text: 'groups:\n  - name: x\n    rules: []\nextra: 1\n' }])).toThrow(/unexpected top-level line "extra: 1"/);
    expect(() => buildPrometheusRule([{ name: 'empty.rules.yml', text: '# nothing\n' }])).toThrow(/no top-level "groups:"/);
  });
});
