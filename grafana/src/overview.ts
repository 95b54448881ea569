import type { Dashboard } from '@grafana/schema';
import type { NhtField } from '../../src/liveperson/types.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';
import {
  dashboard,
  datasourceVariable,
  layout,
  OVERVIEW_UID,
  queryVariable,
  SKILL_UID,
  type Section,
} from './dashboard.js';
import { about, per, shown } from './describe.js';
import { healthSection } from './health.js';
import { bargauge, stat, table, text, timeseries, traffic, type DataLink } from './panels.js';
import { ACCOUNT_VARIABLE_QUERY, named, sel, SKILL_VARIABLE_QUERY, SKILL_VARIABLE_REGEX } from './promql.js';

/** Opens the skill-detail dashboard for the series clicked, keeping data source and time range. */
const TO_SKILL: DataLink = {
  title: 'Skill detail: ${__field.labels.skill}',
  url: `/d/${SKILL_UID}/liveperson-nht-skill?\${datasource:queryparam}&var-account=\${__field.labels.account_id}&var-skill=\${__field.labels.skill_id}&\${__url_time_range}`,
};

/** The same from a table row. */
const ROW_TO_SKILL: DataLink = {
  title: 'Skill detail',
  url: `/d/${SKILL_UID}/liveperson-nht-skill?\${datasource:queryparam}&\${account:queryparam}&var-skill=\${__data.fields.skill_id}&\${__url_time_range}`,
};

const HOW_TO_READ = `Per-skill **Net Handle Time** and the queue and agent metrics behind it, from LivePerson's NHT API, polled by liveperson-nht-exporter.

* **15-minute** metrics (arrivals, time in queue, agent segment durations) describe the latest completed 15-minute interval; **hourly** metrics (NHT, load, messages, handled segments, work time) the latest completed hour. "Data describes" shows which.
* The exporter polls every 5 minutes by default: values change in steps, not per scrape. Hourly values are never summed over time.
* Skills show as *name · id* once the exporter exports \`liveperson_skill_info\`, as ids before. Click a skill to open its detail dashboard.`;

const accountVariable = queryVariable({
  name: 'account',
  label: 'Account',
  query: ACCOUNT_VARIABLE_QUERY,
  description: 'LivePerson account (account_id label).',
});

const skillsVariable = queryVariable({
  name: 'skill',
  label: 'Skill',
  query: SKILL_VARIABLE_QUERY,
  regex: SKILL_VARIABLE_REGEX,
  multi: true,
  description: 'Skills with NHT data: names from liveperson_skill_info where it exists, ids otherwise.',
});

/** Sum over the selected skills at one instant: adding skills is fine, adding intervals is not. */
function total(field: NhtField): string {
  return `sum(${sel(field, 'overview')})`;
}

function summary(): Section {
  return {
    title: 'Account at a glance',
    panels: [
      { w: 6, h: 6, panel: text('How to read this dashboard', HOW_TO_READ) },
      {
        w: 4,
        h: 6,
        panel: stat({
          title: 'Data describes',
          description:
            'Start of the intervals the values describe: the latest completed 15-minute interval and hour (liveperson_nht_interval_start_timestamp_seconds). LivePerson data settles for a minute before the exporter reads it.',
          unit: 'dateTimeAsIso',
          queries: [
            { expr: 'max(liveperson_nht_interval_start_timestamp_seconds{interval="15m"}) * 1000', legend: '15-minute', instant: true },
            { expr: 'max(liveperson_nht_interval_start_timestamp_seconds{interval="1h"}) * 1000', legend: 'hour', instant: true },
          ],
        }),
      },
      {
        w: 3,
        h: 6,
        panel: stat({
          title: 'Skills reporting',
          description: 'Selected skills with at least one NHT value in the latest poll.',
          unit: 'short',
          queries: [
            {
              expr: 'count(group by (account_id, skill_id) ({__name__=~"liveperson_nht_.+", account_id=~"$account", skill_id=~"$skill", skill_id!=""}))',
              instant: true,
            },
          ],
        }),
      },
      {
        w: 4,
        h: 6,
        panel: stat({
          title: 'Net Handle Time, all selected skills (hourly)',
          description:
            "NHT of the selected skills together: each skill's NHT weighted by its handled segments, i.e. total agent effort ÷ handled segments of the latest completed hour (LivePerson fields netHandleTime and handledSegments).",
          unit: 's',
          spark: true,
          queries: [
            { expr: `sum(${sel('netHandleTime', 'overview')} * ${sel('handledSegments', 'overview')}) / sum(${sel('handledSegments', 'overview')})` },
          ],
        }),
      },
      // 3 + 2 + 2 columns fill the row.
      ...(['arrivals', 'handledSegments', 'messagesSent'] as const).map((field, i) => ({
        w: i === 0 ? 3 : 2,
        h: 6,
        panel: stat({
          title: `${shown(field).name} ${per(field)}`,
          description: `Sum over the selected skills. ${about(field)}`,
          unit: 'short',
          decimals: 0,
          spark: true,
          queries: [{ expr: total(field) }],
        }),
      })),
    ],
  };
}

function worst(): Section {
  const top = (field: NhtField, extra: string, thresholds: ReturnType<typeof traffic>) => {
    const s = shown(field);
    return {
      w: 8,
      h: 9,
      panel: bargauge({
        title: `Top $topn: ${s.name} ${per(field)}`,
        description: `The $topn selected skills with the highest value in the latest completed interval. ${extra} ${about(field)}`,
        unit: s.unit,
        ...(s.min !== undefined && { min: s.min }),
        ...(s.max !== undefined && { max: s.max }),
        thresholds,
        links: [TO_SKILL],
        queries: [{ expr: named(`topk($topn, ${sel(field, 'overview')})`), legend: '{{skill}}', instant: true }],
      }),
    };
  };
  return {
    title: 'Worst skills now',
    panels: [
      top('netHandleTime', 'Colours follow the default alert threshold of 30 minutes.', traffic(1200, 1800)),
      top('avgTimeInQueue', 'Colours follow the default alert threshold of 3 minutes.', traffic(60, 180)),
      top('avgAvailableLoad', 'At 90 % and above agents count as saturated.', traffic(0.75, 0.9)),
    ],
  };
}

/** NHT first, then the other fields in the API's order. */
const NHT_COLUMNS: NhtField[] = ['netHandleTime', ...NHT_METRICS.map((m) => m.field).filter((f) => f !== 'netHandleTime')];

function perSkillTable(): Section {
  return {
    title: 'Per skill, latest values',
    panels: [
      {
        w: 24,
        h: 10,
        panel: table({
          title: 'All NHT metrics per skill',
          description:
            'One row per selected skill, one column per LivePerson NHT field: 15-minute fields for the latest completed 15-minute interval, hourly fields for the latest completed hour. Click a skill for its detail dashboard.',
          sortBy: 'Net Handle Time (hourly)',
          links: [ROW_TO_SKILL],
          columns: NHT_COLUMNS.map((field) => ({
            name: `${shown(field).name} ${per(field)}`,
            unit: shown(field).unit,
            query: { expr: `max by (account_id, skill_id, skill) (${named(sel(field, 'overview'))})` },
          })),
        }),
      },
    ],
  };
}

function overTime(): Section {
  const order: NhtField[] = [
    'netHandleTime',
    'avgTimeInQueue',
    'avgAvailableLoad',
    'arrivals',
    'handledSegments',
    'messagesSent',
    'avgSegmentWorkTime',
    'avgAgentSegmentDuration',
    'totalAgentSegmentDuration',
  ];
  return {
    title: 'Per skill over time',
    panels: order.map((field) => {
      const s = shown(field);
      return {
        w: 8,
        h: 9,
        panel: timeseries({
          title: `${s.name} ${per(field)}`,
          description: about(field),
          unit: s.unit,
          ...(s.min !== undefined && { min: s.min }),
          ...(s.max !== undefined && { max: s.max }),
          ...(s.decimals !== undefined && { decimals: s.decimals }),
          links: [TO_SKILL],
          queries: [{ expr: named(sel(field, 'overview')), legend: '{{skill}}' }],
        }),
      };
    }),
  };
}

/** The overview: every skill of an account, the worst at a glance, and the exporter's health. */
export function overviewDashboard(): Dashboard {
  return dashboard({
    uid: OVERVIEW_UID,
    title: 'LivePerson NHT: overview',
    description: 'Net Handle Time and the queue and agent metrics behind it, per LivePerson skill, from liveperson-nht-exporter.',
    variables: [
      datasourceVariable,
      accountVariable,
      skillsVariable,
      {
        type: 'custom',
        name: 'topn',
        label: 'Top',
        description: 'How many skills the "Top" panels show.',
        query: '5,10,20',
        current: { text: '10', value: '10' },
        options: [
          { text: '5', value: '5', selected: false },
          { text: '10', value: '10', selected: true },
          { text: '20', value: '20', selected: false },
        ],
        multi: false,
        includeAll: false,
      },
    ],
    panels: layout([summary(), worst(), perSkillTable(), overTime(), healthSection()]),
  });
}
