import type { Dashboard } from '@grafana/schema';
import { overviewDashboard } from './overview.js';
import { skillDashboard } from './skill.js';

/**
 * The dashboards, built from typed sources (checked against @grafana/schema when the tests
 * compile), and the files under grafana/dashboards/ they are written to. test/grafana checks the
 * files are up to date; `UPDATE_GOLDEN=1 npx vitest run test/grafana` rewrites them.
 */
export const DASHBOARDS: ReadonlyArray<{ readonly file: string; readonly build: () => Dashboard }> = [
  { file: 'liveperson-nht-overview.json', build: overviewDashboard },
  { file: 'liveperson-nht-skill.json', build: skillDashboard },
];

/** The JSON text of a dashboard file: stable key order as built, two-space indent, final newline. */
export function renderDashboard(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
