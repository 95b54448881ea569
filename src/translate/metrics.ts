import type { NhtField } from '../liveperson/types.js';

/** Which completed interval a metric's value describes. */
export type Granularity = '15m' | '1h';

/**
 * One NHT gauge: which API field and interval it reads, and the family it is published as (a
 * FamilyDef of src/metrics, which the translation need not know of).
 */
export interface NhtMetric {
  /** Prometheus name, base unit in the suffix. */
  readonly name: string;
  /** OpenTelemetry instrument name and unit, chosen so Prometheus's OTLP translation yields `name`. */
  readonly otelName: string;
  readonly otelUnit: string;
  readonly help: string;
  readonly type: 'gauge';
  readonly labels: typeof NHT_LABELS;
  readonly field: NhtField;
  readonly unit: 'seconds' | 'ratio' | 'count';
  readonly granularity: Granularity;
}

const NHT_LABELS = ['account_id', 'skill_id'] as const;

const REFRESH = 'Refreshed every poll, not per scrape.';

function metric(
  field: NhtField,
  base: string,
  unit: NhtMetric['unit'],
  granularity: Granularity,
  what: string,
): NhtMetric {
  const suffix = unit === 'seconds' ? '_seconds' : unit === 'ratio' ? '_ratio' : '';
  const otelUnit = unit === 'seconds' ? 's' : unit === 'ratio' ? '1' : '{segment}';
  const interval = granularity === '15m' ? 'latest completed 15-minute interval' : 'latest completed hour';
  return {
    field,
    name: `liveperson_nht_${base}${suffix}`,
    otelName: `liveperson.nht.${base}`,
    otelUnit: field === 'messagesSent' ? '{message}' : otelUnit,
    unit,
    granularity,
    help: `${what} (LivePerson NHT field ${field}, ${interval}). ${REFRESH}`,
    type: 'gauge',
    labels: NHT_LABELS,
  };
}

/** The nine NHT gauges, in the order of the API page. */
export const NHT_METRICS: readonly NhtMetric[] = [
  metric('arrivals', 'arrivals', 'count', '15m', 'Segments that arrived in the skill queue: new, back to queue and transfers'),
  metric('avgTimeInQueue', 'avg_time_in_queue', 'seconds', '15m', 'Average time a segment waited in the queue before assignment'),
  metric('totalAgentSegmentDuration', 'total_agent_segment_duration', 'seconds', '15m', 'Total duration of agent segments closed in the interval'),
  metric('avgAgentSegmentDuration', 'avg_agent_segment_duration', 'seconds', '15m', 'Average duration of agent segments closed in the interval'),
  metric('avgAvailableLoad', 'avg_available_load', 'ratio', '1h', 'Weighted average load of logged-in agents with the skill, 0 to 1'),
  metric('messagesSent', 'messages_sent', 'count', '1h', 'Messages human agents sent to consumers'),
  metric('handledSegments', 'handled_segments', 'count', '1h', 'Segments with at least one human agent message'),
  metric('avgSegmentWorkTime', 'avg_segment_work_time', 'seconds', '1h', 'Average agent work time per message response'),
  metric('netHandleTime', 'net_handle_time', 'seconds', '1h', 'Net Handle Time: average human agent effort per handled segment'),
];
