import type { NhtField } from '../../src/liveperson/types.js';
import { nht } from './promql.js';

const POLL =
  'The exporter polls LivePerson every 5 minutes by default; each value describes the latest completed interval ' +
  '(see "Data describes"), so the line moves in steps.';

const HOURLY =
  'Hourly metric: LivePerson computes it per hour only (and replicates it into every 15-minute bucket), so it changes once an hour; ' +
  'never add it up over time.';

const QUARTERLY = '15-minute metric: it changes once per 15-minute interval.';

/** A panel description naming where the number comes from: the LivePerson field, its granularity, the polling. */
export function about(field: NhtField, extra = ''): string {
  const metric = nht(field);
  const granularity = metric.granularity === '1h' ? HOURLY : QUARTERLY;
  return [metric.help.replace(' Refreshed every poll, not per scrape.', ''), extra, granularity, `Metric ${metric.name}.`, POLL]
    .filter((s) => s !== '')
    .join(' ');
}

/** The panel title suffix saying the granularity: "(1h)" or "(15m)". */
export function per(field: NhtField): string {
  return nht(field).granularity === '1h' ? '(hourly)' : '(15-minute)';
}

const NAMES: Record<NhtField, string> = {
  arrivals: 'Arrivals',
  avgTimeInQueue: 'Average time in queue',
  totalAgentSegmentDuration: 'Total agent segment duration',
  avgAgentSegmentDuration: 'Average agent segment duration',
  avgAvailableLoad: 'Average available load',
  messagesSent: 'Messages sent',
  handledSegments: 'Handled segments',
  avgSegmentWorkTime: 'Average segment work time',
  netHandleTime: 'Net Handle Time',
};

/** How a field is shown: its name and Grafana unit (seconds "s", ratio "percentunit", counts). */
export function shown(field: NhtField): { name: string; unit: string; min?: number; max?: number; decimals?: number } {
  const unit = nht(field).unit;
  if (unit === 'seconds') return { name: NAMES[field], unit: 's' };
  if (unit === 'ratio') return { name: NAMES[field], unit: 'percentunit', min: 0, max: 1 };
  return { name: NAMES[field], unit: 'short', min: 0, decimals: 0 };
}
