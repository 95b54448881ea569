import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LivePersonApi, LivePersonErrorKind, LivePersonObserver, RequestOutcome } from '../liveperson/index.js';
import type { Snapshot } from '../snapshot.js';
import type { SkillNamesObserver, SkillNamesRefreshResult } from '../skills/types.js';
import type { Problem } from '../translate/translate.js';

// Outcomes and reasons are the client's own kinds; the record makes the compiler flag a new kind.
const KINDS: Record<LivePersonErrorKind, true> = {
  throttled: true, unauthorized: true, client_error: true, server_error: true, timeout: true, network_error: true, bad_response: true,
};
const FAILURES = Object.keys(KINDS) as LivePersonErrorKind[];
const OUTCOMES: readonly RequestOutcome[] = ['ok', ...FAILURES];
// A 400 is never retried.
const RETRY_REASONS = FAILURES.filter((k) => k !== 'client_error');

const PER_POLL = 'Refreshed every poll.';

/**
 * The exporter's own metrics: health of the polling loop and of the LivePerson API. Small, and
 * rendered per scrape (unlike the NHT data, which is rendered once per poll).
 */
export class OwnMetrics implements LivePersonObserver, SkillNamesObserver {
  readonly registry = new Registry();
  private readonly up: Gauge;
  private readonly lastSuccess: Gauge;
  private readonly intervalStart: Gauge;
  private readonly pollDuration: Histogram;
  private readonly polls: Counter;
  private readonly requests: Counter;
  private readonly retries: Counter;
  private readonly skills: Gauge;
  private readonly invalid: Counter;
  /** Registered only when skill names are on, so a switched-off feature shows no series. */
  private skillNames: { readonly refreshes: Counter; readonly lastSuccess: Gauge } | undefined;
  /** Registered only when the OTLP push is on. */
  private otlpExports: Counter | undefined;

  constructor(version: string, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.up = new Gauge({ name: 'liveperson_nht_up', help: `1 when the last poll of the LivePerson NHT API succeeded, else 0. ${PER_POLL}`, registers });
    this.lastSuccess = new Gauge({
      name: 'liveperson_nht_last_success_timestamp_seconds',
      help: `Unix time of the last successful poll; 0 before the first. ${PER_POLL}`,
      registers,
    });
    this.intervalStart = new Gauge({
      name: 'liveperson_nht_interval_start_timestamp_seconds',
      help: `Start of the interval the NHT values describe: the latest completed 15-minute interval (15m) or hour (1h). ${PER_POLL}`,
      labelNames: ['interval'],
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'liveperson_nht_poll_duration_seconds',
      help: 'Duration of polls of the LivePerson NHT API, all pages, successful or not.',
      buckets: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    });
    this.polls = new Counter({ name: 'liveperson_nht_polls_total', help: 'Polls of the LivePerson NHT API by result.', labelNames: ['result'], registers });
    this.requests = new Counter({
      name: 'liveperson_nht_api_requests_total',
      help: 'HTTP requests to LivePerson APIs by API and outcome (throttled = 429, unauthorized = 401).',
      labelNames: ['api', 'outcome'],
      registers,
    });
    this.retries = new Counter({
      name: 'liveperson_nht_api_retries_total',
      help: 'Requests to LivePerson APIs that were retried, by API and reason.',
      labelNames: ['api', 'reason'],
      registers,
    });
    this.skills = new Gauge({ name: 'liveperson_nht_skills', help: `Skills in the last successful poll's answer. ${PER_POLL}`, registers });
    this.invalid = new Counter({
      name: 'liveperson_nht_invalid_values_total',
      help: 'Values LivePerson sent that were neither a non-negative number nor -1 (no data), dropped, by field.',
      labelNames: ['field'],
      registers,
    });
    new Gauge({
      name: 'liveperson_nht_build_info',
      help: 'Build information of liveperson-nht-exporter; the value is always 1.',
      labelNames: ['version', 'nodejs_version'],
      registers,
    }).set({ version, nodejs_version: process.version }, 1);

    this.up.set(0);
    this.lastSuccess.set(0);
    for (const result of ['success', 'failure']) this.polls.inc({ result }, 0);
    for (const api of ['nht', 'token'] as const) {
      for (const outcome of OUTCOMES) this.requests.inc({ api, outcome }, 0);
      for (const reason of RETRY_REASONS) this.retries.inc({ api, reason }, 0);
    }
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      // These three are gauges named like counters; `promtool check metrics` rightly objects.
      for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
        this.registry.removeSingleMetric(name);
    }
  }

  request(api: LivePersonApi, outcome: RequestOutcome): void {
    this.requests.inc({ api, outcome });
  }

  retry(api: LivePersonApi, reason: LivePersonErrorKind): void {
    this.retries.inc({ api, reason });
  }

  pollSucceeded(snapshot: Snapshot, seconds: number, problems: readonly Problem[]): void {
    this.up.set(1);
    this.lastSuccess.set(snapshot.completedAt / 1000);
    this.intervalStart.set({ interval: '15m' }, snapshot.window.quarterStart / 1000);
    this.intervalStart.set({ interval: '1h' }, snapshot.window.hourStart / 1000);
    this.skills.set(snapshot.skills.length);
    this.pollDuration.observe(seconds);
    this.polls.inc({ result: 'success' });
    for (const p of problems) this.invalid.inc({ field: p.field });
  }

  /** Registers the skill-name metrics (refreshes by result, last success) and the Skills API's request series, at 0. */
  trackSkillNames(): void {
    if (this.skillNames) return;
    const registers = [this.registry];
    const refreshes = new Counter({
      name: 'liveperson_nht_skill_names_refreshes_total',
      help: 'Refreshes of the skill names from the LivePerson Skills API by result (not_modified = unchanged since the last one).',
      labelNames: ['result'],
      registers,
    });
    const lastSuccess = new Gauge({
      name: 'liveperson_nht_skill_names_last_success_timestamp_seconds',
      help: 'Unix time of the last refresh of the skill names that succeeded or found them unchanged; 0 before the first.',
      registers,
    });
    for (const result of ['success', 'not_modified', 'failure'] satisfies SkillNamesRefreshResult[]) refreshes.inc({ result }, 0);
    lastSuccess.set(0);
    for (const outcome of OUTCOMES) this.requests.inc({ api: 'skills', outcome }, 0);
    for (const reason of RETRY_REASONS) this.retries.inc({ api: 'skills', reason }, 0);
    this.skillNames = { refreshes, lastSuccess };
  }

  skillNamesRefreshed(result: SkillNamesRefreshResult, at: number): void {
    this.skillNames?.refreshes.inc({ result });
    if (result !== 'failure') this.skillNames?.lastSuccess.set(at / 1000);
  }

  /** Registers liveperson_nht_otlp_exports_total{result}, both results at 0. */
  trackOtlpExports(): void {
    if (this.otlpExports) return;
    this.otlpExports = new Counter({
      name: 'liveperson_nht_otlp_exports_total',
      help: 'OTLP export requests to the OpenTelemetry receiver by result (failure: unreachable, refused or timed out, after retries).',
      labelNames: ['result'],
      registers: [this.registry],
    });
    for (const result of ['success', 'failure']) this.otlpExports.inc({ result }, 0);
  }

  otlpExported(result: 'success' | 'failure'): void {
    this.otlpExports?.inc({ result });
  }

  pollFailed(seconds: number): void {
    this.up.set(0);
    this.pollDuration.observe(seconds);
    this.polls.inc({ result: 'failure' });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
