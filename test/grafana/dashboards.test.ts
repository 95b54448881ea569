import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard, Panel } from '@grafana/schema';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { OVERVIEW_UID, PROVISIONED_DATASOURCE_UID, SKILL_UID } from '../../grafana/src/dashboard.js';
import { per, shown } from '../../grafana/src/describe.js';
import { DASHBOARDS, renderDashboard } from '../../grafana/src/index.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import overviewJson from '../../grafana/dashboards/liveperson-nht-overview.json' with { type: 'json' };
import skillJson from '../../grafana/dashboards/liveperson-nht-skill.json' with { type: 'json' };
import { committedDashboards, DASHBOARD_DIR, panelsOf, queriesOf, ROOT, variablesOf } from './dashboard-queries.js';

/**
 * Grafana's Dashboard type with every enum and string-literal union widened to its base type:
 * JSON imports carry `string`, never `'timeseries'`. The committed files must still have every
 * required field with the right shape; the typed sources in grafana/src are checked strictly.
 */
type Widen<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends ReadonlyArray<infer U>
        ? Array<Widen<U>>
        : T extends object
          ? { [K in keyof T]: Widen<T[K]> }
          : T;

const overview: Widen<Dashboard> = overviewJson;
const skill: Widen<Dashboard> = skillJson;

const HOURLY = NHT_METRICS.filter((m) => m.granularity === '1h').map((m) => m.name);

describe('the Grafana dashboards', () => {
  it.each(DASHBOARDS.map((d) => [d.file, d] as const))('%s is what grafana/src builds (UPDATE_GOLDEN=1 rewrites it)', (file, { build }) => {
    const built = renderDashboard(build());
    if (process.env.UPDATE_GOLDEN) writeFileSync(join(DASHBOARD_DIR, file), built);
    expect(readFileSync(join(DASHBOARD_DIR, file), 'utf8')).toBe(built);
  });

  it('have the stable uids other dashboards and links point at', () => {
    expect(overview.uid).toBe(OVERVIEW_UID);
    expect(skill.uid).toBe(SKILL_UID);
    expect(new Set(committedDashboards().map((d) => d.dashboard.uid)).size).toBe(DASHBOARDS.length);
  });

  it.each(committedDashboards().map((d) => [d.file, d.dashboard] as const))('%s is tagged, described and linked to its siblings', (_file, d) => {
    expect(d.tags).toContain('liveperson-nht');
    expect(d.description).toBeTruthy();
    expect(d.links?.[0]).toMatchObject({ type: 'dashboards', tags: ['liveperson-nht'], includeVars: true, keepTime: true });
  });

  it.each(committedDashboards().map((d) => [d.file, d.dashboard] as const))(
    '%s queries the Prometheus of its datasource variable, which defaults to the provisioned one',
    (_file, d) => {
      const ds = variablesOf(d).find((v) => v.name === 'datasource');
      expect(ds).toMatchObject({ type: 'datasource', query: 'prometheus', current: { value: PROVISIONED_DATASOURCE_UID } });
      for (const panel of panelsOf(d).filter((p) => p.targets?.length)) {
        expect(panel.datasource, panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
        for (const t of panel.targets ?? []) expect(t['datasource'], panel.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
      for (const v of variablesOf(d).filter((v) => v.type === 'query')) expect(v.datasource, v.name).toEqual({ type: 'prometheus', uid: '${datasource}' });
    },
  );

  it.each(committedDashboards().map((d) => [d.file, d.dashboard] as const))('%s describes every panel and numbers them uniquely', (_file, d) => {
    const all = (d.panels ?? []) as Panel[];
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    for (const panel of panelsOf(d)) {
      expect(panel.title, JSON.stringify(panel.gridPos)).toBeTruthy();
      expect(panel.description, panel.title).toBeTruthy();
      expect(panel.gridPos, panel.title).toBeDefined();
      expect((panel.gridPos?.x ?? 0) + (panel.gridPos?.w ?? 0), panel.title).toBeLessThanOrEqual(24);
    }
  });

  it.each(committedDashboards().map((d) => [d.file, d.dashboard] as const))(
    '%s shows seconds in "s", the load ratio in "percentunit", and names the LivePerson field of each NHT panel',
    (_file, d) => {
      const expected = { seconds: 's', ratio: 'percentunit', count: 'short' } as const;
      let checked = 0;
      for (const m of NHT_METRICS) {
        const title = `${shown(m.field).name} ${per(m.field)}`;
        for (const panel of panelsOf(d).filter((p) => p.title?.endsWith(title) && p.type !== 'table')) {
          checked++;
          expect(panel.fieldConfig?.defaults.unit, panel.title).toBe(expected[m.unit]);
          expect(panel.description, panel.title).toContain(`NHT field ${m.field}`);
          expect(panel.description, panel.title).toContain(m.name);
          expect(panel.description, panel.title).toContain(m.granularity === '1h' ? 'Hourly metric' : '15-minute metric');
        }
      }
      expect(checked).toBeGreaterThanOrEqual(NHT_METRICS.length);
    },
  );

  it('never add hourly metrics up over time (LivePerson replicates them into every 15-minute bucket)', () => {
    for (const { file, dashboard } of committedDashboards()) {
      for (const q of queriesOf(file, dashboard)) {
        for (const name of HOURLY) {
          expect(q.expr, `${q.panel}: ${q.expr}`).not.toMatch(new RegExp(`(sum|avg|count)_over_time\\([^)]*${name}`));
          expect(q.expr, `${q.panel}: ${q.expr}`).not.toMatch(new RegExp(`(increase|rate|delta)\\([^)]*${name}`));
        }
      }
    }
  });

  it('the overview links every per-skill panel to the skill-detail dashboard with the skill filled in', () => {
    const perSkill = panelsOf(overviewJson as Dashboard).filter((p) => (p.targets ?? []).some((t) => String(t['expr']).includes('liveperson_skill_info')));
    expect(perSkill.length).toBeGreaterThan(10);
    for (const panel of perSkill) {
      const links = [
        ...((panel.fieldConfig?.defaults.links ?? []) as Array<{ url: string }>),
        ...(panel.fieldConfig?.overrides ?? []).flatMap((o) => o.properties.filter((p) => p.id === 'links').flatMap((p) => p.value as Array<{ url: string }>)),
      ];
      expect(links.length, panel.title).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.url).toContain(`/d/${SKILL_UID}/`);
        expect(link.url).toMatch(/var-skill=\$\{__(field\.labels|data\.fields)\.skill_id\}/);
        expect(link.url).toContain('${__url_time_range}');
      }
    }
  });

  it('the skill dashboard shows the 15-minute and hourly series side by side', () => {
    const side = panelsOf(skillJson as Dashboard).filter((p) => p.type === 'timeseries' && p.gridPos?.w === 12);
    const left = side.filter((p) => p.gridPos?.x === 0).map((p) => p.title);
    const right = side.filter((p) => p.gridPos?.x === 12).map((p) => p.title);
    expect(left.length).toBe(right.length);
    expect(left.every((t) => t?.endsWith('(15-minute)'))).toBe(true);
    expect(right.every((t) => t?.endsWith('(hourly)'))).toBe(true);
  });
});

describe('the Grafana provisioning', () => {
  const yaml = (path: string) => load(readFileSync(join(ROOT, 'grafana', 'provisioning', path), 'utf8')) as Record<string, unknown>;

  it('provides the Prometheus data source under the uid the dashboards default to', () => {
    const { datasources } = yaml('datasources/prometheus.yaml') as { datasources: Array<Record<string, unknown>> };
    expect(datasources).toHaveLength(1);
    expect(datasources[0]).toMatchObject({ uid: PROVISIONED_DATASOURCE_UID, type: 'prometheus', url: 'http://prometheus:9090' });
  });

  it('loads the dashboards from the folder grafana/dashboards is mounted at', () => {
    const { providers } = yaml('dashboards/provider.yaml') as { providers: Array<{ type: string; options: { path: string } }> };
    expect(providers[0]).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
  });
});
