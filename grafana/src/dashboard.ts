import {
  DashboardCursorSync,
  VariableHide,
  VariableRefresh,
  VariableSort,
  type Dashboard,
  type DashboardLink,
  type Panel,
  type RowPanel,
  type VariableModel,
} from '@grafana/schema';
import { DATASOURCE, type Unplaced } from './panels.js';

/** The uid of the data source in grafana/provisioning/datasources/prometheus.yaml. */
export const PROVISIONED_DATASOURCE_UID = 'liveperson-nht-prometheus';

/** Tags shared by the dashboards: the dashboard links list every dashboard with the first one. */
export const TAGS = ['liveperson-nht', 'liveperson', 'prometheus'];

export const OVERVIEW_UID = 'liveperson-nht-overview';
export const SKILL_UID = 'liveperson-nht-skill';

/** Grafana's column grid. */
const WIDTH = 24;

/** A panel and its size in grid units. */
export interface Sized {
  readonly panel: Unplaced;
  readonly w: number;
  readonly h: number;
}

/** A titled row of panels, filled left to right and wrapped at the grid's width. */
export interface Section {
  readonly title: string;
  readonly panels: readonly Sized[];
}

/** Places the sections top to bottom, each under an expanded row header, numbering every panel. */
export function layout(sections: readonly Section[]): Array<Panel | RowPanel> {
  const out: Array<Panel | RowPanel> = [];
  let id = 1;
  let y = 0;
  for (const section of sections) {
    out.push({ type: 'row', id: id++, title: section.title, collapsed: false, panels: [], gridPos: { x: 0, y, w: WIDTH, h: 1 } });
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const { panel, w, h } of section.panels) {
      if (x + w > WIDTH) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      out.push({ ...panel, id: id++, gridPos: { x, y, w, h } });
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return out;
}

/** The Prometheus to query; defaults to the provisioned one, any other can be picked. */
export const datasourceVariable: VariableModel = {
  type: 'datasource',
  name: 'datasource',
  label: 'Data source',
  query: 'prometheus',
  current: { text: 'Prometheus', value: PROVISIONED_DATASOURCE_UID },
  hide: VariableHide.dontHide,
  refresh: VariableRefresh.onDashboardLoad,
  regex: '',
  options: [],
};

/** A variable filled by a PromQL query, refreshed with the time range. */
export function queryVariable(o: {
  name: string;
  label: string;
  query: string;
  description: string;
  regex?: string;
  multi?: boolean;
}): VariableModel {
  return {
    type: 'query',
    name: o.name,
    label: o.label,
    description: o.description,
    datasource: DATASOURCE,
    query: o.query,
    regex: o.regex ?? '',
    refresh: VariableRefresh.onTimeRangeChanged,
    sort: VariableSort.alphabeticalCaseInsensitiveAsc,
    hide: VariableHide.dontHide,
    multi: o.multi ?? false,
    includeAll: o.multi ?? false,
    ...(o.multi && { allValue: '.*' }),
    options: [],
  };
}

/** Links to the other dashboards of the exporter, keeping time range and variables. */
export const DASHBOARD_LINKS: DashboardLink[] = [
  {
    title: 'LivePerson NHT',
    type: 'dashboards',
    tags: [TAGS[0] as string],
    asDropdown: true,
    icon: 'external link',
    includeVars: true,
    keepTime: true,
    targetBlank: false,
    tooltip: '',
    url: '',
  },
];

/** The parts every dashboard of the exporter shares. */
export function dashboard(o: {
  uid: string;
  title: string;
  description: string;
  variables: VariableModel[];
  panels: Array<Panel | RowPanel>;
}): Dashboard {
  return {
    uid: o.uid,
    title: o.title,
    description: o.description,
    tags: TAGS,
    editable: true,
    graphTooltip: DashboardCursorSync.Crosshair,
    // The NHT data covers 15-minute and hourly intervals: a day shows its shape.
    time: { from: 'now-24h', to: 'now' },
    // The exporter polls every 5 minutes by default; refreshing faster shows nothing new.
    refresh: '5m',
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    links: DASHBOARD_LINKS,
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { type: 'grafana', uid: '-- Grafana --' },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
      ],
    },
    templating: { list: o.variables },
    panels: o.panels,
  };
}
