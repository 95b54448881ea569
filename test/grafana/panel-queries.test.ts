import { join } from 'node:path';
import type { Dashboard } from '@grafana/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { SKILL_INFO } from '../../grafana/src/promql.js';
import { startPrometheus, type RunningPrometheus } from '../support/prometheus.js';
import { committedDashboards, fillVariables, queriesOf, ROOT, variablesOf, type PanelQuery } from './dashboard-queries.js';
import { parseSamples, scrape, startDemoExporter, type Sample } from './exposition.js';

/**
 * Every panel query of every dashboard, with its variables filled in as Grafana would, run
 * against a real Prometheus that scrapes the demo exporter (and loads the alert rules, whose
 * threshold series the skill dashboard draws). A query that returns nothing is a broken panel.
 */

const RULES = ['liveperson-nht-thresholds.rules.yml', 'liveperson-nht-alerts.rules.yml'].map((f) => join(ROOT, 'deploy', 'prometheus', 'rules', f));
/** Stands in for liveperson_skill_info to run the queries as if it did not exist. */
const NO_INFO = 'liveperson_skill_info_that_does_not_exist';

type Series = { metric: Record<string, string>; values: Array<[number, string]> };

let exporter: Exporter;
let prom: RunningPrometheus;
let samples: Sample[];
let account: string;
/** Skill id → name, as the exporter's liveperson_skill_info says. */
let names: Map<string, string>;
/** Skills with all nine NHT values and traffic: every panel of the skill dashboard has data for them. */
let busy: string[];

beforeAll(async () => {
  exporter = await startDemoExporter();
  samples = parseSamples(await scrape(exporter));
  account = exporter.accountId;
  const skills = [...new Set(samples.filter((s) => s.name === 'liveperson_nht_arrivals').map((s) => s.labels['skill_id'] as string))];
  names = new Map(samples.filter((s) => s.name === SKILL_INFO).map((s) => [s.labels['skill_id'] as string, s.labels['skill_name'] as string]));
  expect(names.size, `the demo exporter exports ${SKILL_INFO}`).toBeGreaterThan(0);
  const value = (name: string, id: string) => samples.find((s) => s.name === name && s.labels['skill_id'] === id)?.value;
  busy = skills.filter((id) => {
    const present = new Set(samples.filter((s) => s.labels['skill_id'] === id && s.name.startsWith('liveperson_nht_')).map((s) => s.name));
    return present.size === 9 && (value('liveperson_nht_handled_segments', id) ?? 0) > 0 && (value('liveperson_nht_arrivals', id) ?? 0) > 0;
  });
  expect(busy.length, 'the demo has busy skills').toBeGreaterThan(1);

  prom = await startPrometheus({ targets: [`127.0.0.1:${exporter.port}`], ruleFiles: RULES });
  await prom.waitFor('liveperson_nht_net_handle_time_seconds');
  await prom.waitFor(SKILL_INFO);
  await prom.waitFor('liveperson_nht:threshold_net_handle_time_seconds:per_skill');
  // A second poll inside Prometheus's short history, so the per-hour poll counters have moved.
  await exporter.poller.pollOnce();
  await prom.waitFor('increase(liveperson_nht_poll_duration_seconds_count[1h]) > 0');
}, 60_000);

afterAll(async () => {
  await prom?.stop();
  await exporter?.stop();
});

async function api(path: string, params: Record<string, string>): Promise<{ resultType: string; result: unknown }> {
  const res = await fetch(`${prom.url}${path}`, { method: 'POST', body: new URLSearchParams(params) });
  const body = (await res.json()) as { status: string; error?: string; data: { resultType: string; result: unknown } };
  if (body.status !== 'success') throw new Error(`${params['query']}: ${body.error}`);
  return body.data;
}

/** Runs a panel query the way its panel does: instant, or over the last 30 s at a 2 s step. */
async function run(q: PanelQuery, expr: string): Promise<Series[]> {
  if (q.instant) {
    const data = await api('/api/v1/query', { query: expr });
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({ metric: r.metric, values: [r.value] }));
  }
  const end = Date.now() / 1000;
  const data = await api('/api/v1/query_range', { query: expr, start: String(end - 30), end: String(end), step: '2' });
  return data.result as Series[];
}

function hasNumbers(series: Series[]): boolean {
  return series.some((s) => s.values.some(([, v]) => Number.isFinite(Number(v))));
}

/** The variable values a dashboard is opened with, formatted as Grafana interpolates them. */
function variableValues(d: Dashboard, skill: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of variablesOf(d)) {
    if (v.name === 'account') values[v.name] = account;
    else if (v.name === 'skill') values[v.name] = skill;
    else if (v.name === 'topn') values[v.name] = String(v.current?.value);
    else if (v.name === 'datasource') values[v.name] = 'unused-by-queries';
    else throw new Error(`no test value for variable ${v.name}`);
  }
  return values;
}

const dashboards = committedDashboards();
const cases = dashboards.flatMap(({ file, dashboard }) =>
  queriesOf(file, dashboard).flatMap((q) =>
    (['with', 'without'] as const).map((infoMode) => [`${file} › ${q.panel} › ${q.refId}, ${infoMode} ${SKILL_INFO}`, q, dashboard, infoMode] as const),
  ),
);

describe('every dashboard panel query, against Prometheus scraping the demo exporter', () => {
  it('covers every panel of both dashboards', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s returns numbers', async (_name, q, dashboard, infoMode) => {
    // The overview opens on all skills; the skill dashboard on a skill with traffic.
    const skill = q.dashboard.includes('overview') ? '.*' : (busy[0] as string);
    let expr = fillVariables(q.expr, variableValues(dashboard, skill));
    if (infoMode === 'without') expr = expr.replaceAll(SKILL_INFO, NO_INFO);
    const series = await run(q, expr);
    expect(series.length, expr).toBeGreaterThan(0);
    expect(hasNumbers(series), expr).toBe(true);
  });
});

describe('the alert and threshold rules, loaded into the same Prometheus', () => {
  it('evaluate without errors on the demo data in a real Prometheus', async () => {
    const res = await fetch(`${prom.url}/api/v1/rules`);
    const body = (await res.json()) as { data: { groups: Array<{ name: string; rules: Array<{ name: string; health: string; lastError?: string }> }> } };
    const rules = body.data.groups.flatMap((g) => g.rules.map((r) => ({ rule: `${g.name} › ${r.name}`, health: r.health, error: r.lastError ?? '' })));
    expect(rules.length).toBeGreaterThanOrEqual(20);
    expect(rules.filter((r) => r.health !== 'ok')).toEqual([]);
  });
});

describe('skill names in the dashboards', () => {
  const overview = dashboards.find((d) => d.file.includes('overview'))?.dashboard as Dashboard;
  const nhtPanel = queriesOf('overview', overview).find((q) => q.panel === 'Net Handle Time (hourly)' && q.refId === 'A') as PanelQuery;

  it.each(['with', 'partly with', 'without'] as const)(
    'legends name a skill "name · id" when liveperson_skill_info has it, by its id otherwise (%s the info metric)',
    async (infoMode) => {
      const picked = busy.slice(0, 6);
      const unnamed = picked[1] as string;
      let expr = fillVariables(nhtPanel.expr, variableValues(overview, `(${picked.join('|')})`));
      if (infoMode === 'without') expr = expr.replaceAll(SKILL_INFO, NO_INFO);
      // As if the Skills API had not named one skill yet.
      if (infoMode === 'partly with') expr = expr.replaceAll(`${SKILL_INFO}{`, `${SKILL_INFO}{skill_id!="${unnamed}", `);
      const series = await run(nhtPanel, expr);
      const shown = new Map(series.map((s) => [s.metric['skill_id'], s.metric['skill']]));
      expect([...shown.keys()].sort()).toEqual([...picked].sort());
      for (const id of picked) {
        const name = infoMode === 'without' || (infoMode === 'partly with' && id === unnamed) ? undefined : names.get(id);
        expect(shown.get(id), id).toBe(name === undefined ? id : `${name} · ${id}`);
      }
    },
  );

  it.each(dashboards.map((d) => [d.file, d.dashboard] as const))('%s offers every account with data in its account variable', async (_file, d) => {
    const query = String(variablesOf(d).find((v) => v.name === 'account')?.query);
    const m = /^label_values\((.+),\s*(\w+)\)$/.exec(query);
    expect(m, query).not.toBeNull();
    const res = await fetch(`${prom.url}/api/v1/label/${m?.[2]}/values?${new URLSearchParams({ 'match[]': m?.[1] as string })}`);
    expect(((await res.json()) as { data: string[] }).data).toEqual([account]);
  });

  it.each(
    dashboards.flatMap((d) => (['with', 'without'] as const).map((mode) => [d.file, mode, d.dashboard] as const)),
  )('%s offers every skill with data in its skill variable, %s liveperson_skill_info', async (_file, infoMode, d) => {
    const variable = variablesOf(d).find((v) => v.name === 'skill');
    // Grafana recognises query_result() on one line only, then applies the variable's regex to
    // each result rendered as `{label="value",...} value timestamp`.
    const m = /^query_result\((.+)\)\s*$/.exec(String(variable?.query));
    expect(m).not.toBeNull();
    let expr = fillVariables(m?.[1] as string, { account });
    if (infoMode === 'without') expr = expr.replaceAll(SKILL_INFO, NO_INFO);
    const data = await api('/api/v1/query', { query: expr });
    const lines = (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map(
      (r) => `{${Object.entries(r.metric).map(([k, v]) => `${k}="${v}"`).join(',')}} ${r.value[1]} ${r.value[0] * 1000}`,
    );
    const regex = new RegExp(String(variable?.regex).replace(/^\/(.*)\/$/, '$1'));
    const options = lines.map((l) => regex.exec(l)?.groups).map((g) => ({ value: g?.['value'], text: g?.['text'] }));
    const withData = new Set(samples.filter((s) => s.name.startsWith('liveperson_nht_') && s.labels['skill_id']).map((s) => s.labels['skill_id']));
    expect(options.map((o) => o.value).sort()).toEqual([...withData].sort());
    for (const o of options) {
      const name = infoMode === 'with' ? names.get(o.value as string) : undefined;
      expect(o.text, o.value).toBe(name ?? o.value);
    }
  });
});
