import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { RUNBOOK_TEST_FILES } from '../../deploy/prometheus/generate-prometheusrule.mjs';
import { RUNBOOK_BASE_URL, withRunbookBase } from '../../deploy/prometheus/runbooks.mjs';
import { describe, expect, it } from 'vitest';
import { tool } from '../support/prometheus.js';
import { alerts, ROOT, ruleFiles, ruleGroups } from './rule-files.js';

const UNIT_TESTS = join(ROOT, 'test', 'alerts', 'liveperson-nht.rules.test.yml');
const DOCS = join(ROOT, 'docs', 'alerts.md');

/** GitHub's anchor for a Markdown heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

interface UnitTest {
  name: string;
  alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }>;
}

describe('the alert rules', () => {
  it.each(ruleFiles().map((f) => [f.slice(ROOT.length + 1), f]))('%s passes promtool check rules', async (_name, file) => {
    const { code, stdout, stderr } = await tool('promtool', ['check', 'rules', file]);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('fire on the inputs that should fire them and stay quiet on look-alikes (promtool test rules)', async () => {
    const { code, stdout, stderr } = await tool('promtool', ['test', 'rules', UNIT_TESTS]);
    expect(code, stdout + stderr).toBe(0);
    expect(stdout).toContain('SUCCESS');
  });

  it('each have a promtool case where they fire and one where they do not', () => {
    const tests = (load(readFileSync(UNIT_TESTS, 'utf8')) as { tests: UnitTest[] }).tests;
    const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const { alert } of alerts()) {
      expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length > 0), `${alert} fires somewhere`).toBe(true);
      expect(cases.some((c) => c.alertname === alert && c.exp_alerts.length === 0), `${alert} stays quiet somewhere`).toBe(true);
    }
  });

  it('the example prometheus.yml loads them and passes promtool check config', async () => {
    const { code, stdout, stderr } = await tool('promtool', ['check', 'config', join(ROOT, 'deploy', 'prometheus', 'prometheus.yml')]);
    expect(code, stdout + stderr).toBe(0);
    for (const file of ruleFiles()) expect(stdout).toContain(file.slice(ROOT.length + 1));
    const config = load(readFileSync(join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    expect(config.scrape_configs[0]).toMatchObject({ job_name: 'liveperson-nht', static_configs: [{ targets: ['exporter:9818'] }] });
  });

  it.each(alerts().map((a) => [a.alert, a] as const))('%s has a severity, a wait, a summary, a description and a runbook in docs/alerts.md', (_name, rule) => {
    expect(['critical', 'warning']).toContain(rule.labels?.['severity']);
    expect(['exporter', 'skill']).toContain(rule.labels?.['scope']);
    expect(rule.for).toMatch(/^\d+[mh](\d+m)?$/);
    expect(rule.annotations?.['summary']).toBeTruthy();
    expect(rule.annotations?.['description']).toBeTruthy();
    const url = rule.annotations?.['runbook_url'] ?? '';
    expect(url.startsWith(RUNBOOK_BASE_URL + '#'), url).toBe(true);
    const anchors = [...readFileSync(DOCS, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] as string));
    expect(anchors).toContain(url.split('#')[1]);
  });

  it('take their runbook base from deploy/prometheus/runbooks.mjs, in the rule files and their promtool tests alike', () => {
    for (const file of [...ruleFiles(), ...RUNBOOK_TEST_FILES]) {
      const text = readFileSync(file, 'utf8');
      expect(withRunbookBase(text), `${file}: run node deploy/prometheus/generate-prometheusrule.mjs`).toBe(text);
    }
    expect(withRunbookBase('runbook_url: "https://old.example/README.md#x"', 'https://docs.example/alerts')).toBe(
      'runbook_url: "https://docs.example/alerts#x"',
    );
  });

  it('per-skill alerts name the skill: by id, and by name where liveperson_skill_info has one', () => {
    for (const rule of alerts().filter((a) => a.labels?.['scope'] === 'skill')) {
      for (const field of ['summary', 'description']) {
        const text = rule.annotations?.[field] ?? '';
        expect(text, `${rule.alert} ${field}`).toContain('{{ $labels.skill_id }}');
        expect(text, `${rule.alert} ${field}`).toContain('liveperson_skill_info{account_id=%q,skill_id=%q}');
      }
    }
  });

  it('per-skill alerts judge each skill on its own series, never on a sum over skills', () => {
    // The promtool cases assert the labels (account_id, skill_id, job, instance) of every firing alert.
    for (const rule of alerts().filter((a) => a.labels?.['scope'] === 'skill')) {
      expect(rule.expr, rule.alert).toMatch(/liveperson_nht_\w+/);
      expect(rule.expr, rule.alert).not.toMatch(/\b(sum|avg|max|min|count)\s*\(/);
    }
  });

  it('read every threshold from one recording rule, and every threshold is used', () => {
    const thresholds = ruleGroups()
      .flatMap((g) => g.rules)
      .map((r) => r.record)
      .filter((r): r is string => r?.startsWith('liveperson_nht:threshold_') ?? false);
    expect(new Set(thresholds).size).toBeGreaterThanOrEqual(7);
    const exprs = alerts().map((a) => a.expr).join('\n') + ruleGroups().flatMap((g) => g.rules.filter((r) => r.record).map((r) => r.expr)).join('\n');
    for (const t of new Set(thresholds)) expect(exprs, t).toContain(t);
    // No alert hides a number of its own: limits come from the threshold series.
    for (const rule of alerts().filter((a) => a.labels?.['scope'] === 'skill')) {
      expect(rule.expr.replace(/\[\w+\]|offset \w+|> 0\b|== 1\b/g, ''), rule.alert).not.toMatch(/[<>]=?\s*[\d.]+/);
    }
  });
});
