import type { Dashboard } from '@grafana/schema';
import type { NhtField } from '../../src/liveperson/types.js';
import { dashboard, datasourceVariable, layout, queryVariable, SKILL_UID, type Section, type Sized } from './dashboard.js';
import { about, per, shown } from './describe.js';
import { stat, THRESHOLD_LEGEND, timeseries, type Query } from './panels.js';
import { ACCOUNT_VARIABLE_QUERY, sel, SKILL_VARIABLE_QUERY, SKILL_VARIABLE_REGEX } from './promql.js';

const THRESHOLD_NOTE =
  'The red dashed "alert threshold" line is the recording rule of deploy/prometheus/rules (empty where those rules are not loaded).';

/** The per-skill alert threshold recorded by deploy/prometheus/rules/liveperson-nht-thresholds.rules.yml. */
function threshold(record: string): Query {
  return { expr: `${record}{account_id="$account", skill_id="$skill"}`, legend: THRESHOLD_LEGEND };
}

/** One field of the selected skill over time, optionally with more queries (a threshold, a sibling field). */
function series(field: NhtField, more: readonly Query[] = [], extra = ''): Sized {
  const s = shown(field);
  return {
    w: 12,
    h: 8,
    panel: timeseries({
      title: `${s.name} ${per(field)}`,
      description: about(field, extra),
      unit: s.unit,
      ...(s.min !== undefined && { min: s.min }),
      ...(s.max !== undefined && { max: s.max }),
      ...(s.decimals !== undefined && { decimals: s.decimals }),
      queries: [{ expr: sel(field, 'skill'), legend: s.name }, ...more],
    }),
  };
}

function latest(): Section {
  const fields: NhtField[] = [
    'netHandleTime',
    'handledSegments',
    'messagesSent',
    'avgSegmentWorkTime',
    'avgAvailableLoad',
    'arrivals',
    'avgTimeInQueue',
    'avgAgentSegmentDuration',
  ];
  return {
    title: 'Skill ${skill:text}: latest values',
    panels: fields.map((field) => {
      const s = shown(field);
      return {
        w: 3,
        h: 5,
        panel: stat({
          title: `${s.name} ${per(field)}`,
          description: about(field),
          unit: s.unit,
          ...(s.decimals !== undefined && { decimals: s.decimals }),
          spark: true,
          queries: [{ expr: sel(field, 'skill') }],
        }),
      };
    }),
  };
}

/** 15-minute fields on the left, hourly fields on the right, row by row. */
function sideBySide(): Section {
  return {
    title: '15-minute series (left) and hourly series (right)',
    panels: [
      series('arrivals'),
      series('netHandleTime', [threshold('liveperson_nht:threshold_net_handle_time_seconds:per_skill')], THRESHOLD_NOTE),
      series('avgTimeInQueue', [threshold('liveperson_nht:threshold_avg_time_in_queue_seconds:per_skill')], THRESHOLD_NOTE),
      series('avgAvailableLoad', [threshold('liveperson_nht:threshold_avg_available_load_ratio:per_skill')], THRESHOLD_NOTE),
      series('avgAgentSegmentDuration'),
      series('messagesSent', [{ expr: sel('handledSegments', 'skill'), legend: shown('handledSegments').name }], 'Shown with handled segments (LivePerson field handledSegments, hourly), its divisor in NHT.'),
      series('totalAgentSegmentDuration'),
      series('avgSegmentWorkTime'),
    ],
  };
}

/** How NHT relates to messages, work time and handled segments, all of the same hour. */
function makeup(): Section {
  const messages = sel('messagesSent', 'skill');
  const work = sel('avgSegmentWorkTime', 'skill');
  const handled = sel('handledSegments', 'skill');
  const nht = sel('netHandleTime', 'skill');
  const relation =
    'LivePerson publishes no formula for NHT; its documented examples satisfy NHT ≈ messages sent × average segment work time ÷ handled segments, all of the same hour.';
  return {
    title: 'How Net Handle Time is made up (hourly)',
    panels: [
      {
        w: 8,
        h: 8,
        panel: timeseries({
          title: 'Reported NHT vs. messages × work time ÷ handled segments',
          description: `${relation} The two lines part when LivePerson's NHT counts effort the three fields do not show. Hours without handled segments are left out.`,
          unit: 's',
          queries: [
            { expr: nht, legend: 'NHT reported' },
            { expr: `${messages} * ${work} / (${handled} > 0)`, legend: 'messages × work time ÷ handled' },
          ],
        }),
      },
      {
        w: 8,
        h: 8,
        panel: timeseries({
          title: 'Messages per handled segment',
          description: `Messages sent ÷ handled segments of the hour (LivePerson fields messagesSent and handledSegments, hourly): the first factor of NHT. ${relation}`,
          unit: 'short',
          decimals: 1,
          queries: [{ expr: `${messages} / (${handled} > 0)`, legend: 'messages per handled segment' }],
        }),
      },
      {
        w: 8,
        h: 8,
        panel: timeseries({
          title: 'Agent effort in the hour (NHT × handled segments)',
          description: `Total human agent effort of the hour: NHT × handled segments (LivePerson fields netHandleTime and handledSegments, hourly), next to messages sent × average segment work time. ${relation}`,
          unit: 's',
          queries: [
            { expr: `${nht} * ${handled}`, legend: 'NHT × handled segments' },
            { expr: `${messages} * ${work}`, legend: 'messages × work time' },
          ],
        }),
      },
    ],
  };
}

/** One skill over time: the 15-minute and hourly series side by side, and what NHT is made of. */
export function skillDashboard(): Dashboard {
  return dashboard({
    uid: SKILL_UID,
    title: 'LivePerson NHT: skill detail',
    description: 'One LivePerson skill over time: its 15-minute and hourly NHT metrics side by side, and how Net Handle Time relates to messages, work time and handled segments.',
    variables: [
      datasourceVariable,
      queryVariable({ name: 'account', label: 'Account', query: ACCOUNT_VARIABLE_QUERY, description: 'LivePerson account (account_id label).' }),
      queryVariable({
        name: 'skill',
        label: 'Skill',
        query: SKILL_VARIABLE_QUERY,
        regex: SKILL_VARIABLE_REGEX,
        description: 'The skill: names from liveperson_skill_info where it exists, ids otherwise.',
      }),
    ],
    panels: layout([latest(), sideBySide(), makeup()]),
  });
}
