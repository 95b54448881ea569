/**
 * The exporter's side of the push: from the configuration and the running poller to a pusher.
 * The OpenTelemetry SDK is loaded only when the push is on: a Prometheus-only exporter saves its
 * start-up time and about 16 MB of memory.
 */
import type { Logger } from '../log.js';
import type { Published } from '../poll/poller.js';
import type { OwnMetrics } from '../prometheus/own-metrics.js';
import { SKILL_INFO_HELP, SKILL_INFO_OTEL_NAME, skillInfoPoints, type SkillNameMap } from '../skills/index.js';
import type { GaugeSource } from './nht-data.js';
import type { PromMetricJson } from './own-data.js';
import type { OtlpPusher } from './pusher.js';
export type { OtlpPusher } from './pusher.js';
import { resolveOtlpSettings, type OtlpConfig } from './settings.js';

export interface PushDependencies {
  /** The poller: its `current` is what /metrics serves. */
  readonly poller: { readonly current: Published | undefined };
  readonly metrics: OwnMetrics;
  /** The skill names behind liveperson_skill_info, when they are on. */
  readonly skillNames?: { current(): SkillNameMap };
  readonly accountId: string;
  readonly version: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Starts the push when OTEL_METRICS_EXPORTER is otlp, else resolves to undefined. Throws, with
 * one configuration-style line per problem, when the header or resource attribute list is malformed.
 */
export async function startPushFromConfig(otlp: OtlpConfig, deps: PushDependencies): Promise<OtlpPusher | undefined> {
  const resolved = resolveOtlpSettings(otlp);
  if (!resolved.ok) throw new Error(`invalid configuration: ${resolved.errors.join('; ')}`);
  if (!resolved.settings) return undefined;
  deps.metrics.trackOtlpExports();
  const names = deps.skillNames;
  const { startOtlpPusher } = await import('./pusher.js');
  return startOtlpPusher({
    settings: resolved.settings,
    sources: {
      snapshot: () => deps.poller.current?.snapshot,
      // prom-client's typings misdescribe `type` (see PromMetricJson); the values are as declared there.
      ownMetrics: async () => (await deps.metrics.registry.getMetricsAsJSON()) as unknown as PromMetricJson[],
      ...(names && { extraGauges: () => [skillInfo(deps.accountId, names.current())] }),
    },
    facts: { accountId: deps.accountId, version: deps.version },
    logger: deps.logger,
    counter: deps.metrics,
    ...(deps.now && { now: deps.now }),
  });
}

/** liveperson_skill_info as a gauge: no unit, so the OTLP translation adds no suffix. */
function skillInfo(accountId: string, names: SkillNameMap): GaugeSource {
  return { name: SKILL_INFO_OTEL_NAME, description: SKILL_INFO_HELP, unit: '', points: skillInfoPoints(accountId, names) };
}
