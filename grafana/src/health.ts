import { MappingType } from '@grafana/schema';
import type { Section } from './dashboard.js';
import { stat, timeseries, traffic } from './panels.js';

const OWN = 'The exporter\'s own metric, one series per exporter instance (not filtered by account or skill).';

// The counters below move once per poll (every 5 minutes by default), so they are shown as
// increases over a rolling hour: a window of a few scrapes would mostly see no poll at all.

/** The exporter's health: is it up, is its data fresh, how do its calls to LivePerson fare. */
export function healthSection(): Section {
  return {
    title: 'Exporter health',
    panels: [
      {
        w: 4,
        h: 6,
        panel: stat({
          title: 'Last poll',
          description: `Whether the latest poll of the LivePerson NHT API succeeded (liveperson_nht_up). On failure the exporter keeps serving the last successful poll. ${OWN}`,
          unit: 'none',
          thresholds: traffic(0.5, 1.5),
          mappings: [
            {
              type: MappingType.ValueToText,
              options: { '0': { text: 'FAILED', color: 'red', index: 0 }, '1': { text: 'OK', color: 'green', index: 1 } },
            },
          ],
          queries: [{ expr: 'liveperson_nht_up', legend: '{{instance}}', instant: true }],
        }),
      },
      {
        w: 5,
        h: 6,
        panel: stat({
          title: 'Age of the last successful poll',
          description: `time() - liveperson_nht_last_success_timestamp_seconds. Above 20 minutes the LivePersonNhtDataStale alert fires (default threshold). ${OWN}`,
          unit: 's',
          thresholds: traffic(600, 1200),
          queries: [{ expr: 'time() - liveperson_nht_last_success_timestamp_seconds', legend: '{{instance}}', instant: true }],
        }),
      },
      {
        w: 5,
        h: 6,
        panel: stat({
          title: 'Skills in the last answer',
          description: `Skills in the latest successful poll's answer, with or without values (liveperson_nht_skills). ${OWN}`,
          unit: 'short',
          spark: true,
          queries: [{ expr: 'liveperson_nht_skills', legend: '{{instance}}' }],
        }),
      },
      {
        w: 5,
        h: 6,
        panel: stat({
          title: 'Invalid values dropped (1h)',
          description: `Values LivePerson sent that were neither a non-negative number nor -1 (no data), dropped by the exporter in the last hour (liveperson_nht_invalid_values_total). 0 is normal. ${OWN}`,
          unit: 'short',
          decimals: 0,
          thresholds: traffic(1, 100),
          queries: [{ expr: 'sum(increase(liveperson_nht_invalid_values_total[1h])) or vector(0)', instant: true }],
        }),
      },
      {
        w: 5,
        h: 6,
        panel: stat({
          title: 'Exporter version',
          description: `liveperson_nht_build_info: version of liveperson-nht-exporter and of Node.js. ${OWN}`,
          unit: 'none',
          queries: [{ expr: 'liveperson_nht_build_info', legend: '{{version}} (Node.js {{nodejs_version}})', instant: true }],
        }),
      },
      {
        w: 12,
        h: 8,
        panel: timeseries({
          title: 'Poll duration',
          description: `How long a poll of the LivePerson NHT API takes, all pages, successful or not: average and 90th percentile over the last hour (liveperson_nht_poll_duration_seconds). A poll that nears the poll interval means too many skills for the concurrency, or a slow API. ${OWN}`,
          unit: 's',
          stepped: false,
          queries: [
            {
              expr: 'increase(liveperson_nht_poll_duration_seconds_sum[1h]) / increase(liveperson_nht_poll_duration_seconds_count[1h])',
              legend: 'average {{instance}}',
            },
            {
              expr: 'histogram_quantile(0.9, sum by (le, instance) (increase(liveperson_nht_poll_duration_seconds_bucket[1h])))',
              legend: 'p90 {{instance}}',
            },
          ],
        }),
      },
      {
        w: 12,
        h: 8,
        panel: timeseries({
          title: 'Polls per hour by result',
          description: `Polls of the LivePerson NHT API in the last hour, successful and failed (liveperson_nht_polls_total). ${OWN}`,
          unit: 'short',
          stepped: false,
          queries: [{ expr: 'sum by (instance, result) (increase(liveperson_nht_polls_total[1h]))', legend: '{{result}} {{instance}}' }],
        }),
      },
      {
        w: 12,
        h: 8,
        panel: timeseries({
          title: 'LivePerson API requests per hour by outcome',
          description: `HTTP requests to LivePerson's APIs (nht, token, domain, skills) in the last hour by outcome: ok, throttled (429), unauthorized (401), client_error, server_error, timeout, network_error, bad_response (liveperson_nht_api_requests_total). ${OWN}`,
          unit: 'short',
          stepped: false,
          queries: [{ expr: 'sum by (api, outcome) (increase(liveperson_nht_api_requests_total[1h]))', legend: '{{api}} {{outcome}}' }],
        }),
      },
      {
        w: 12,
        h: 8,
        panel: timeseries({
          title: 'Throttling and retries per hour',
          description: `Requests LivePerson answered 429 Too Many Requests, and requests the exporter retried by reason, in the last hour (liveperson_nht_api_requests_total{outcome="throttled"}, liveperson_nht_api_retries_total). Sustained throttling fires LivePersonNhtThrottled. ${OWN}`,
          unit: 'short',
          stepped: false,
          queries: [
            { expr: 'sum by (api) (increase(liveperson_nht_api_requests_total{outcome="throttled"}[1h]))', legend: 'throttled {{api}}' },
            { expr: 'sum by (api, reason) (increase(liveperson_nht_api_retries_total[1h]))', legend: 'retried {{api}}: {{reason}}' },
          ],
        }),
      },
    ],
  };
}
