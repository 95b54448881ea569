import {
  BarGaugeDisplayMode,
  BarGaugeNamePlacement,
  BarGaugeSizing,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  FieldColorModeId,
  GraphDrawStyle,
  LegendDisplayMode,
  LineInterpolation,
  PercentChangeColorMode,
  SortOrder,
  ThresholdsMode,
  TooltipDisplayMode,
  VisibilityMode,
  VizOrientation,
  type DataSourceRef,
  type FieldConfig,
  type Panel,
  type ThresholdsConfig,
  type ValueMapping,
} from '@grafana/schema';
import type { Options as BarGaugeOptions } from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type { Options as StatOptions } from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type { Options as TableOptions } from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import { TextMode, type Options as TextOptions } from '@grafana/schema/dist/esm/raw/composable/text/panelcfg/x/TextPanelCfg_types.gen';
import type {
  FieldConfig as TimeSeriesFieldConfig,
  Options as TimeSeriesOptions,
} from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';

/** Every panel and variable queries the Prometheus picked in the `datasource` variable. */
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** One PromQL query of a panel. */
export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Instant queries feed stats, bar gauges and tables: the latest value is the point. */
  readonly instant?: boolean;
  readonly format?: 'time_series' | 'table';
}

/** A panel without its place: `layout()` gives it an id and a grid position. */
export type Unplaced = Omit<Panel, 'id' | 'gridPos'>;

/** A data link to another dashboard, in Grafana's field-config form. */
export interface DataLink {
  readonly title: string;
  readonly url: string;
}

interface Common {
  readonly title: string;
  /** Where the number comes from: LivePerson field, 15-minute or hourly, how it is computed. */
  readonly description: string;
  readonly queries: readonly Query[];
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
  readonly thresholds?: ThresholdsConfig;
  readonly mappings?: ValueMapping[];
  readonly links?: readonly DataLink[];
}

const REF_IDS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function targets(queries: readonly Query[]): Array<Record<string, unknown>> {
  return queries.map((q, i) => ({
    datasource: DATASOURCE,
    refId: REF_IDS[i],
    editorMode: 'code',
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    range: !q.instant,
    instant: q.instant ?? false,
    format: q.format ?? 'time_series',
  }));
}

/** The legend of a threshold series: drawn as a red dashed line. */
export const THRESHOLD_LEGEND = 'alert threshold';

/** Neutral colour: these numbers have no good or bad of their own. */
export const NEUTRAL: ThresholdsConfig = { mode: ThresholdsMode.Absolute, steps: [{ color: 'blue', value: null }] };

/** green below `warn`, orange from `warn`, red from `bad`. */
export function traffic(warn: number, bad: number): ThresholdsConfig {
  return {
    mode: ThresholdsMode.Absolute,
    steps: [
      { color: 'green', value: null },
      { color: 'orange', value: warn },
      { color: 'red', value: bad },
    ],
  };
}

function defaults(o: Common, color: FieldColorModeId): FieldConfig {
  return {
    unit: o.unit,
    ...(o.min !== undefined && { min: o.min }),
    ...(o.max !== undefined && { max: o.max }),
    ...(o.decimals !== undefined && { decimals: o.decimals }),
    color: { mode: color },
    thresholds: o.thresholds ?? NEUTRAL,
    mappings: o.mappings ?? [],
    links: [...(o.links ?? [])],
  };
}

/**
 * A time series. The NHT gauges are step functions (one value per interval, repeated every
 * scrape), so they are drawn as steps, not slopes.
 */
export function timeseries(o: Common & { readonly stepped?: boolean }): Unplaced {
  const custom: TimeSeriesFieldConfig = {
    drawStyle: GraphDrawStyle.Line,
    lineInterpolation: o.stepped === false ? LineInterpolation.Linear : LineInterpolation.StepAfter,
    lineWidth: 1,
    fillOpacity: 0,
    showPoints: VisibilityMode.Never,
    spanNulls: false,
  };
  const options: TimeSeriesOptions = {
    legend: { showLegend: true, displayMode: LegendDisplayMode.Table, placement: 'right', calcs: ['lastNotNull', 'max'], sortBy: 'Last *', sortDesc: true },
    tooltip: { mode: TooltipDisplayMode.Multi, sort: SortOrder.Descending },
  };
  return {
    type: 'timeseries',
    title: o.title,
    description: o.description,
    datasource: DATASOURCE,
    targets: targets(o.queries),
    fieldConfig: {
      defaults: { ...defaults(o, FieldColorModeId.PaletteClassic), custom: { ...custom } },
      overrides: o.queries.some((q) => q.legend === THRESHOLD_LEGEND)
        ? [
            {
              matcher: { id: 'byName', options: THRESHOLD_LEGEND },
              properties: [
                { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
                { id: 'color', value: { mode: FieldColorModeId.Fixed, fixedColor: 'red' } },
              ],
            },
          ]
        : [],
    },
    options: { ...options },
  };
}

/** A single-value panel coloured by its thresholds: the shape `stat` and `bargauge` share. */
function thresholdPanel(type: 'stat' | 'bargauge', o: Common, options: Record<string, unknown>): Unplaced {
  return {
    type,
    title: o.title,
    description: o.description,
    datasource: DATASOURCE,
    targets: targets(o.queries),
    fieldConfig: { defaults: defaults(o, FieldColorModeId.Thresholds), overrides: [] },
    options,
  };
}

/** One big number (the latest value), with a sparkline over the time range when `spark`. */
export function stat(o: Common & { readonly spark?: boolean }): Unplaced {
  const options: StatOptions = {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    orientation: VizOrientation.Auto,
    colorMode: BigValueColorMode.Value,
    graphMode: o.spark ? BigValueGraphMode.Area : BigValueGraphMode.None,
    justifyMode: BigValueJustifyMode.Auto,
    textMode: BigValueTextMode.Auto,
    wideLayout: true,
    showPercentChange: false,
    percentChangeColorMode: PercentChangeColorMode.Standard,
  };
  return thresholdPanel('stat', o, { ...options });
}

/** Horizontal bars, one per series: the worst skills at a glance. */
export function bargauge(o: Common): Unplaced {
  const options: BarGaugeOptions = {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    orientation: VizOrientation.Horizontal,
    displayMode: BarGaugeDisplayMode.Gradient,
    valueMode: BarGaugeValueMode.Color,
    namePlacement: BarGaugeNamePlacement.Auto,
    showUnfilled: true,
    sizing: BarGaugeSizing.Auto,
    minVizHeight: 16,
    minVizWidth: 8,
    maxVizHeight: 300,
    legend: { showLegend: false, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] },
  };
  return thresholdPanel('bargauge', o, { ...options });
}

/** A column of a table panel: the query's refId column renamed, with its own unit. */
export interface Column {
  readonly name: string;
  readonly unit: string;
  readonly query: Query;
}

/**
 * One row per skill, one column per query. Each query is an instant table whose labels are the
 * same (account_id, skill_id, skill), so Grafana's merge lines the values up by skill.
 */
export function table(o: Omit<Common, 'queries' | 'unit'> & { readonly columns: readonly Column[]; readonly sortBy: string }): Unplaced {
  const options: TableOptions = {
    showHeader: true,
    frameIndex: 0,
    sortBy: [{ displayName: o.sortBy, desc: true }],
  };
  const renameByName: Record<string, string> = {};
  o.columns.forEach((c, i) => (renameByName[`Value #${REF_IDS[i]}`] = c.name));
  return {
    type: 'table',
    title: o.title,
    description: o.description,
    datasource: DATASOURCE,
    targets: targets(o.columns.map((c) => ({ ...c.query, instant: true, format: 'table' }))),
    transformations: [
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true, account_id: true },
          indexByName: { skill: 0, skill_id: 1 },
          renameByName,
        },
      },
    ],
    fieldConfig: {
      defaults: { ...defaults({ ...o, queries: [], unit: 'none', links: [] }, FieldColorModeId.Thresholds), custom: { align: 'auto', inspect: false, cellOptions: { type: 'auto' } } },
      overrides: [
        // Renamed by display name only: the data links read the raw field names.
        { matcher: { id: 'byName', options: 'skill' }, properties: [{ id: 'displayName', value: 'Skill' }, { id: 'links', value: [...(o.links ?? [])] }] },
        { matcher: { id: 'byName', options: 'skill_id' }, properties: [{ id: 'displayName', value: 'Skill id' }] },
        ...o.columns.map((c) => ({ matcher: { id: 'byName', options: c.name }, properties: [{ id: 'unit', value: c.unit }] })),
      ],
    },
    options: { ...options },
  };
}

/** Markdown text: how to read the dashboard. */
export function text(title: string, content: string): Unplaced {
  const options: TextOptions = { mode: TextMode.Markdown, content };
  return { type: 'text', title, description: 'How to read this dashboard.', options: { ...options } };
}
