/**
 * The exporter's own metrics: health of the polling loop, of the LivePerson APIs, of the skill
 * names and of the OTLP push. Each family is written out once here, both names in full;
 * OwnMetrics keeps the numbers behind them and lists them as families, which /metrics renders
 * per scrape and the OTLP push maps.
 */
import type { LivePersonApi, LivePersonErrorKind, RequestOutcome } from '../liveperson/errors.js';
import type { LivePersonObserver, PageInconsistency } from '../liveperson/retry.js';
import type { PollObserver } from '../poll/poller.js';
import type { Snapshot } from '../snapshot.js';
import type { SkillNamesObserver, SkillNamesRefreshResult } from '../skills/types.js';
import type { Problem } from '../translate/translate.js';
import type { Family, FamilyDef, HistogramDef, Labels, Point } from './family.js';

type ValueDef = FamilyDef & { readonly type: 'gauge' | 'counter' };

const PER_POLL = 'Refreshed every poll.';

export const UP: ValueDef = {
  name: 'liveperson_nht_up', otelName: 'liveperson.nht.up', otelUnit: '', type: 'gauge', labels: [],
  help: `1 when the last poll of the LivePerson NHT API succeeded, else 0. ${PER_POLL}`,
};
export const LAST_SUCCESS: ValueDef = {
  name: 'liveperson_nht_last_success_timestamp_seconds', otelName: 'liveperson.nht.last_success_timestamp', otelUnit: 's', type: 'gauge', labels: [],
  help: `Unix time of the last successful poll; 0 before the first. ${PER_POLL}`,
};
export const INTERVAL_START: ValueDef = {
  name: 'liveperson_nht_interval_start_timestamp_seconds', otelName: 'liveperson.nht.interval_start_timestamp', otelUnit: 's', type: 'gauge', labels: ['interval'],
  help: `Start of the interval the NHT values describe: the latest completed 15-minute interval (15m) or hour (1h). ${PER_POLL}`,
};
export const POLL_DURATION: HistogramDef = {
  name: 'liveperson_nht_poll_duration_seconds', otelName: 'liveperson.nht.poll_duration', otelUnit: 's', type: 'histogram', labels: [],
  help: 'Duration of polls of the LivePerson NHT API, all pages, successful or not.',
  buckets: [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
};
export const POLLS: ValueDef = {
  name: 'liveperson_nht_polls_total', otelName: 'liveperson.nht.polls', otelUnit: '{poll}', type: 'counter', labels: ['result'],
  help: 'Polls of the LivePerson NHT API by result.',
};
export const POLL_IN_PROGRESS_SINCE: ValueDef = {
  name: 'liveperson_nht_poll_in_progress_since_timestamp_seconds', otelName: 'liveperson.nht.poll_in_progress_since_timestamp', otelUnit: 's', type: 'gauge', labels: [],
  help: 'Unix time the poll now running started; 0 when no poll is running. Read per scrape.',
};
export const POLLS_OVERRAN: ValueDef = {
  name: 'liveperson_nht_polls_overran_total', otelName: 'liveperson.nht.polls_overran', otelUnit: '{poll}', type: 'counter', labels: [],
  help: 'Polls that had not finished by their deadline (NHT_POLL_DEADLINE; by default the poll interval less 5 s) and were stopped there.',
};
export const PAGE_INCONSISTENCIES: ValueDef = {
  name: 'liveperson_nht_page_inconsistencies_total', otelName: 'liveperson.nht.page_inconsistencies', otelUnit: '{inconsistency}', type: 'counter', labels: ['kind'],
  help:
    'Disagreements between the NHT pages of one poll, by kind: duplicate_skill (a skill on two pages; its buckets are merged, the later page winning), ' +
    "count_changed (a page's count differs from page 0's, which decides), repeated_page (a page without a count repeated skills already seen; paging stopped). The poll still succeeds.",
};
export const API_REQUESTS: ValueDef = {
  name: 'liveperson_nht_api_requests_total', otelName: 'liveperson.nht.api_requests', otelUnit: '{request}', type: 'counter', labels: ['api', 'outcome'],
  help: 'HTTP requests to LivePerson APIs by API and outcome (throttled = 429, unauthorized = 401).',
};
export const API_RETRIES: ValueDef = {
  name: 'liveperson_nht_api_retries_total', otelName: 'liveperson.nht.api_retries', otelUnit: '{retry}', type: 'counter', labels: ['api', 'reason'],
  help: 'Requests to LivePerson APIs that were retried, by API and reason.',
};
export const SKILLS: ValueDef = {
  name: 'liveperson_nht_skills', otelName: 'liveperson.nht.skills', otelUnit: '{skill}', type: 'gauge', labels: [],
  help: `Skills in the last successful poll's answer. ${PER_POLL}`,
};
export const INVALID_VALUES: ValueDef = {
  name: 'liveperson_nht_invalid_values_total', otelName: 'liveperson.nht.invalid_values', otelUnit: '{value}', type: 'counter', labels: ['field'],
  help: 'Values LivePerson sent that were neither a non-negative number nor -1 (no data), dropped, by field.',
};
export const BUILD_INFO: ValueDef = {
  name: 'liveperson_nht_build_info', otelName: 'liveperson.nht.build_info', otelUnit: '', type: 'gauge', labels: ['version', 'nodejs_version'],
  help: 'Build information of liveperson-nht-exporter; the value is always 1.',
};
export const SKILL_NAMES_REFRESHES: ValueDef = {
  name: 'liveperson_nht_skill_names_refreshes_total', otelName: 'liveperson.nht.skill_names_refreshes', otelUnit: '{refresh}', type: 'counter', labels: ['result'],
  help: 'Refreshes of the skill names from the LivePerson Skills API by result (not_modified = unchanged since the last one).',
};
export const SKILL_NAMES_LAST_SUCCESS: ValueDef = {
  name: 'liveperson_nht_skill_names_last_success_timestamp_seconds', otelName: 'liveperson.nht.skill_names_last_success_timestamp', otelUnit: 's', type: 'gauge', labels: [],
  help: 'Unix time of the last refresh of the skill names that succeeded or found them unchanged; 0 before the first.',
};
export const OTLP_EXPORTS: ValueDef = {
  name: 'liveperson_nht_otlp_exports_total', otelName: 'liveperson.nht.otlp_exports', otelUnit: '{export}', type: 'counter', labels: ['result'],
  help: 'OTLP export requests to the OpenTelemetry receiver by result (failure: unreachable, refused or timed out, after retries).',
};

export const CONFIG_LAST_RELOAD_SUCCESSFUL: ValueDef = {
  name: 'liveperson_nht_config_last_reload_successful', otelName: 'liveperson.nht.config_last_reload_successful', otelUnit: '', type: 'gauge', labels: [],
  help: 'Whether the last configuration reload (SIGHUP, or a rotated secret file) succeeded: 1 yes (and at start), 0 no, the running configuration carrying on.',
};
export const CONFIG_LAST_RELOAD_SUCCESS: ValueDef = {
  name: 'liveperson_nht_config_last_reload_success_timestamp_seconds', otelName: 'liveperson.nht.config_last_reload_success_timestamp', otelUnit: 's', type: 'gauge', labels: [],
  help: 'Unix time of the last successful configuration reload, or of the start.',
};
export const CONFIG_RELOADS: ValueDef = {
  name: 'liveperson_nht_config_reloads_total', otelName: 'liveperson.nht.config_reloads', otelUnit: '{reload}', type: 'counter', labels: ['trigger', 'result'],
  help: 'Configuration reloads by trigger (signal = SIGHUP, secret_file = a rotated _FILE secret) and result.',
};

/** Every own family, in the order /metrics lists them; skill names and OTLP exports only when their feature is on. */
export const OWN_FAMILIES: readonly FamilyDef[] = [
  UP, LAST_SUCCESS, INTERVAL_START, POLL_DURATION, POLLS, POLL_IN_PROGRESS_SINCE, POLLS_OVERRAN, API_REQUESTS, API_RETRIES, PAGE_INCONSISTENCIES, SKILLS,
  INVALID_VALUES, BUILD_INFO, CONFIG_LAST_RELOAD_SUCCESSFUL, CONFIG_LAST_RELOAD_SUCCESS, CONFIG_RELOADS,
  SKILL_NAMES_REFRESHES, SKILL_NAMES_LAST_SUCCESS, OTLP_EXPORTS,
];

export type ReloadTrigger = 'signal' | 'secret_file';

// Outcomes and reasons are the client's own kinds; the record makes the compiler flag a new kind.
const KINDS: Record<LivePersonErrorKind, true> = {
  throttled: true, unauthorized: true, client_error: true, server_error: true, timeout: true, network_error: true, bad_response: true,
};
const FAILURES = Object.keys(KINDS) as LivePersonErrorKind[];
const OUTCOMES: readonly RequestOutcome[] = ['ok', ...FAILURES];
// A 400 is never retried.
const RETRY_REASONS = FAILURES.filter((k) => k !== 'client_error');

/** Counts every change of any series, so /metrics renders the own metrics again only after one. */
class Revision {
  count = 0;
}

/** The series of one gauge or counter, in the order they first appeared. */
class Values {
  private readonly points = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly def: ValueDef,
    private readonly revision: Revision,
  ) {}

  set(labels: Labels, value: number): void {
    this.revision.count += 1;
    const key = this.def.labels.map((l) => labels[l]).join('\u0000');
    const point = this.points.get(key);
    if (point) point.value = value;
    else this.points.set(key, { labels, value });
  }

  add(labels: Labels, n = 1): void {
    const key = this.def.labels.map((l) => labels[l]).join('\u0000');
    this.set(labels, (this.points.get(key)?.value ?? 0) + n);
  }

  family(): Family {
    return { def: this.def, points: [...this.points.values()].map((p): Point => ({ labels: p.labels, value: p.value })) };
  }
}

/** An unlabelled histogram. */
class Histogram {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    readonly def: HistogramDef,
    private readonly revision: Revision,
  ) {
    this.counts = def.buckets.map(() => 0);
  }

  observe(value: number): void {
    this.revision.count += 1;
    const i = this.def.buckets.findIndex((bound) => value <= bound);
    if (i >= 0) this.counts[i]! += 1;
    this.sum += value;
    this.count += 1;
  }

  family(): Family {
    let below = 0;
    const cumulative = this.counts.map((n) => (below += n));
    return { def: this.def, points: [{ labels: {}, cumulative, sum: this.sum, count: this.count }] };
  }
}

/** Counts what the poller, the LivePerson clients, the skill names and the OTLP push report. */
export class OwnMetrics implements PollObserver, LivePersonObserver, SkillNamesObserver {
  private readonly revision = new Revision();
  private readonly up = new Values(UP, this.revision);
  private readonly lastSuccess = new Values(LAST_SUCCESS, this.revision);
  private readonly intervalStart = new Values(INTERVAL_START, this.revision);
  private readonly pollDuration = new Histogram(POLL_DURATION, this.revision);
  private readonly polls = new Values(POLLS, this.revision);
  private readonly inProgressSince = new Values(POLL_IN_PROGRESS_SINCE, this.revision);
  private readonly overran = new Values(POLLS_OVERRAN, this.revision);
  private readonly inconsistencies = new Values(PAGE_INCONSISTENCIES, this.revision);
  private readonly requests = new Values(API_REQUESTS, this.revision);
  private readonly retries = new Values(API_RETRIES, this.revision);
  private readonly skills = new Values(SKILLS, this.revision);
  private readonly invalid = new Values(INVALID_VALUES, this.revision);
  private readonly buildInfo = new Values(BUILD_INFO, this.revision);
  private readonly reloadOk = new Values(CONFIG_LAST_RELOAD_SUCCESSFUL, this.revision);
  private readonly reloadAt = new Values(CONFIG_LAST_RELOAD_SUCCESS, this.revision);
  private readonly reloads = new Values(CONFIG_RELOADS, this.revision);
  /** Listed only when skill names are on, so a switched-off feature shows no series. */
  private skillNames: { readonly refreshes: Values; readonly lastSuccess: Values } | undefined;
  /** Listed only when the OTLP push is on. */
  private otlpExports: Values | undefined;

  constructor(version: string, startedAt: number = Date.now()) {
    this.reloadOk.set({}, 1);
    this.reloadAt.set({}, startedAt / 1000);
    for (const trigger of ['signal', 'secret_file'] satisfies ReloadTrigger[]) {
      for (const result of ['success', 'failure']) this.reloads.add({ trigger, result }, 0);
    }
    this.up.set({}, 0);
    this.lastSuccess.set({}, 0);
    this.skills.set({}, 0);
    this.inProgressSince.set({}, 0);
    this.overran.set({}, 0);
    for (const kind of ['duplicate_skill', 'count_changed', 'repeated_page'] satisfies PageInconsistency[]) this.inconsistencies.add({ kind }, 0);
    this.buildInfo.set({ version, nodejs_version: process.version }, 1);
    for (const result of ['success', 'failure']) this.polls.add({ result }, 0);
    for (const api of ['nht', 'token'] as const) this.trackApi(api);
  }

  private trackApi(api: LivePersonApi): void {
    for (const outcome of OUTCOMES) this.requests.add({ api, outcome }, 0);
    for (const reason of RETRY_REASONS) this.retries.add({ api, reason }, 0);
  }

  /** Grows with every change of a series: equal revisions list equal families. */
  get changes(): number {
    return this.revision.count;
  }

  /** The families with their current series: a new list each call, never edited afterwards. */
  families(): Family[] {
    const optional = [
      ...(this.skillNames ? [this.skillNames.refreshes, this.skillNames.lastSuccess] : []),
      ...(this.otlpExports ? [this.otlpExports] : []),
    ];
    return [
      this.up, this.lastSuccess, this.intervalStart, this.pollDuration, this.polls, this.inProgressSince, this.overran, this.requests, this.retries,
      this.inconsistencies, this.skills, this.invalid, this.buildInfo, this.reloadOk, this.reloadAt, this.reloads,
      ...optional,
    ].map((m) => m.family());
  }

  /** A reload of the configuration ended: `ok` false means the running one carries on. */
  reloaded(trigger: ReloadTrigger, ok: boolean, at: number): void {
    this.reloads.add({ trigger, result: ok ? 'success' : 'failure' });
    this.reloadOk.set({}, ok ? 1 : 0);
    if (ok) this.reloadAt.set({}, at / 1000);
  }

  request(api: LivePersonApi, outcome: RequestOutcome): void {
    this.requests.add({ api, outcome });
  }

  retry(api: LivePersonApi, reason: LivePersonErrorKind): void {
    this.retries.add({ api, reason });
  }

  inconsistent(kind: PageInconsistency, count: number): void {
    this.inconsistencies.add({ kind }, count);
  }

  pollStarted(at: number): void {
    this.inProgressSince.set({}, at / 1000);
  }

  pollOverran(): void {
    this.overran.add({});
  }

  pollSucceeded(snapshot: Snapshot, seconds: number, problems: readonly Problem[]): void {
    this.inProgressSince.set({}, 0);
    this.up.set({}, 1);
    this.lastSuccess.set({}, snapshot.completedAt / 1000);
    this.intervalStart.set({ interval: '15m' }, snapshot.window.quarterStart / 1000);
    this.intervalStart.set({ interval: '1h' }, snapshot.window.hourStart / 1000);
    this.skills.set({}, snapshot.skills.length);
    this.pollDuration.observe(seconds);
    this.polls.add({ result: 'success' });
    for (const p of problems) this.invalid.add({ field: p.field });
  }

  pollFailed(seconds: number): void {
    this.inProgressSince.set({}, 0);
    this.up.set({}, 0);
    this.pollDuration.observe(seconds);
    this.polls.add({ result: 'failure' });
  }

  /** Lists the skill-name metrics (refreshes by result, last success) and the Skills API's request series, at 0. */
  trackSkillNames(): void {
    if (this.skillNames) return;
    const refreshes = new Values(SKILL_NAMES_REFRESHES, this.revision);
    for (const result of ['success', 'not_modified', 'failure'] satisfies SkillNamesRefreshResult[]) refreshes.add({ result }, 0);
    const lastSuccess = new Values(SKILL_NAMES_LAST_SUCCESS, this.revision);
    lastSuccess.set({}, 0);
    this.trackApi('skills');
    this.skillNames = { refreshes, lastSuccess };
  }

  skillNamesRefreshed(result: SkillNamesRefreshResult, at: number): void {
    this.skillNames?.refreshes.add({ result });
    if (result !== 'failure') this.skillNames?.lastSuccess.set({}, at / 1000);
  }

  /** Lists liveperson_nht_otlp_exports_total{result}, both results at 0. */
  trackOtlpExports(): void {
    if (this.otlpExports) return;
    this.otlpExports = new Values(OTLP_EXPORTS, this.revision);
    for (const result of ['success', 'failure']) this.otlpExports.add({ result }, 0);
  }

  otlpExported(result: 'success' | 'failure'): void {
    this.otlpExports?.add({ result });
  }
}
