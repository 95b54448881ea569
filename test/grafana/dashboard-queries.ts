import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/schema';
import { DASHBOARDS } from '../../grafana/src/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DASHBOARD_DIR = join(ROOT, 'grafana', 'dashboards');

/** A dashboard file as committed. */
export function readDashboard(file: string): Dashboard {
  return JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard;
}

/** Every committed dashboard, by file name. */
export function committedDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return DASHBOARDS.map(({ file }) => ({ file, dashboard: readDashboard(file) }));
}

/** The panels of a dashboard, rows' nested panels included, rows themselves left out. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  const out: Panel[] = [];
  for (const p of dashboard.panels ?? []) {
    if (p.type === 'row') out.push(...((p as RowPanel).panels ?? []));
    else out.push(p as Panel);
  }
  return out;
}

/** One PromQL query of a panel. */
export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly refId: string;
  readonly expr: string;
  readonly instant: boolean;
}

/** Every panel query of a dashboard. */
export function queriesOf(file: string, dashboard: Dashboard): PanelQuery[] {
  return panelsOf(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({
      dashboard: file,
      panel: panel.title ?? '(untitled)',
      refId: String(t['refId']),
      expr: String(t['expr']),
      instant: t['instant'] === true,
    })),
  );
}

/** The template variables of a dashboard. */
export function variablesOf(dashboard: Dashboard): VariableModel[] {
  return dashboard.templating?.list ?? [];
}

/**
 * `expr` as Grafana sends it: dashboard variables replaced by `values` (name → value, already
 * formatted), Grafana's built-in interval variables by fixed durations. Throws on any variable
 * left over, so a query using an unknown variable cannot pass unnoticed.
 */
export function fillVariables(expr: string, values: Readonly<Record<string, string>>): string {
  const builtIns: Record<string, string> = { __rate_interval: '1m', __interval: '15s', __range: '1h', __range_s: '3600' };
  const all = { ...builtIns, ...values };
  const filled = expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (match, braced: string | undefined, plain: string | undefined) => {
    const name = (braced ?? plain) as string;
    const value = all[name];
    if (value === undefined) throw new Error(`unknown variable ${match} in ${expr}`);
    return value;
  });
  return filled;
}
