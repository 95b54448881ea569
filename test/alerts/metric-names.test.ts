import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { committedDashboards, queriesOf, variablesOf } from '../grafana/dashboard-queries.js';
import { exportedNames, scrape, startDemoExporter } from '../grafana/exposition.js';
import { alerts, ruleGroups } from './rule-files.js';

/**
 * Metric names the dashboards and rules may use before the exporter exports them. Empty since
 * issue 6 (skill names) made the demo exporter export liveperson_skill_info; list a name here
 * only while the issue that adds it is open.
 */
const NOT_YET_EXPORTED: readonly string[] = [];

/** Series Prometheus makes itself for every target. */
const FROM_PROMETHEUS = ['up'];

/** The metric names a PromQL expression reads, and the `__name__` regexes it matches by. */
function namesIn(expr: string): { names: string[]; patterns: string[] } {
  const patterns = [...expr.matchAll(/__name__=~"([^"]+)"/g)].map((m) => m[1] as string);
  const code = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = [...code.matchAll(/(?<![\w:])([a-zA-Z_][\w]*:[\w:]*|liveperson_\w+|up)(?![\w:(])/g)].map((m) => m[1] as string);
  return { names, patterns };
}

/** Names in alert annotation templates (`query (printf "liveperson_...{...}")`) and their prose. */
function namesInText(text: string): string[] {
  return [...text.matchAll(/\b(liveperson_[\w:]+)/g)].map((m) => m[1] as string);
}

let exporter: Exporter;
let exported: Set<string>;
const recorded = new Set(ruleGroups().flatMap((g) => g.rules.map((r) => r.record)).filter((r): r is string => r !== undefined));

beforeAll(async () => {
  exporter = await startDemoExporter();
  exported = exportedNames(await scrape(exporter));
});

afterAll(async () => {
  await exporter?.stop();
});

function expectKnown(name: string, where: string): void {
  if (name.includes(':')) expect(recorded, `${where}: recording rule ${name}`).toContain(name);
  else if (!FROM_PROMETHEUS.includes(name) && !NOT_YET_EXPORTED.includes(name)) expect(exported, `${where}: ${name}`).toContain(name);
}

const dashboardExprs = committedDashboards().flatMap(({ file, dashboard }) => [
  ...queriesOf(file, dashboard).map((q) => [`${file} › ${q.panel} › ${q.refId}`, q.expr] as const),
  ...variablesOf(dashboard)
    .filter((v) => v.type === 'query')
    .map((v) => [`${file} › variable ${v.name}`, String(v.query)] as const),
]);

describe('every metric name in a dashboard or rule exists in the exporter output', () => {
  it('the exemption list only holds names the exporter does not export yet', () => {
    for (const name of NOT_YET_EXPORTED) expect(exported.has(name), `${name} is exported now: remove it from NOT_YET_EXPORTED`).toBe(false);
  });

  it.each(dashboardExprs)('%s', (where, expr) => {
    const { names, patterns } = namesIn(expr);
    expect(names.length + patterns.length, expr).toBeGreaterThan(0);
    for (const name of names) expectKnown(name, where);
    for (const p of patterns) expect([...exported].some((n) => new RegExp(`^(?:${p})$`).test(n)), `${where}: ${p}`).toBe(true);
  });

  it.each(ruleGroups().flatMap((g) => g.rules.map((r) => [`${g.name} › ${r.alert ?? r.record}`, r] as const)))('%s', (where, rule) => {
    const { names, patterns } = namesIn(rule.expr);
    for (const name of names) expectKnown(name, where);
    for (const p of patterns) expect([...exported].some((n) => new RegExp(`^(?:${p})$`).test(n)), `${where}: ${p}`).toBe(true);
  });

  it.each(alerts().map((a) => [a.alert, a] as const))('%s annotations', (where, rule) => {
    for (const text of Object.values(rule.annotations ?? {})) for (const name of namesInText(text)) expectKnown(name, where);
  });
});
