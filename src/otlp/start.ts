/**
 * The exporter's side of the push: from the configuration and the running poller to a pusher.
 * The OpenTelemetry SDK is loaded only when the push is on: a Prometheus-only exporter saves its
 * start-up time and about 16 MB of memory.
 */
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { parseKeyValueList } from '../config/key-value-list.js';
import { keyAt } from '../config/keys.js';
import { keyProblem } from '../config/messages.js';
import type { Logger } from '../log.js';
import { nhtColumnFamilies } from '../metrics/nht.js';
import type { OwnMetrics } from '../metrics/own.js';
import { skillInfoFamily } from '../metrics/skill-info.js';
import { proxyFor, type ProxySettings } from '../proxy/settings.js';
import type { SkillNameMap } from '../skills/types.js';
import type { Snapshot } from '../snapshot.js';
import type { Family } from '../metrics/family.js';
import type { FamilySource } from './producer.js';
import type { OtlpPusher } from './pusher.js';
export type { OtlpPusher } from './pusher.js';
import { resolveOtlpSettings, type OtlpConfig } from './settings.js';

export interface PushDependencies {
  /** The poller: its `current` is the snapshot /metrics serves. */
  readonly poller: { readonly current: Snapshot | undefined };
  readonly metrics: OwnMetrics;
  /** The skill names behind liveperson_skill_info, when they are on. */
  readonly skillNames?: { current(): SkillNameMap };
  readonly accountId: string;
  readonly version: string;
  readonly logger: Logger;
  readonly now?: () => number;
  /** The proxies LivePerson requests use; the push goes through the same one unless NO_PROXY names the receiver. */
  readonly proxies?: ProxySettings;
  /** Where the exports go instead of the configured receiver: the SDK's InMemoryMetricExporter in tests. */
  readonly exporter?: PushMetricExporter;
}

/**
 * The same families, the same objects, for as long as `key` gives the same object (a snapshot,
 * a skill-name map): a stable source, whose points the producer builds and encodes once.
 */
function sameWhileUnchanged<K extends object>(key: () => K | undefined, families: (key: K) => readonly Family[]): FamilySource {
  let last: { readonly key: K; readonly families: readonly Family[] } | undefined;
  const source = (): readonly Family[] => {
    const current = key();
    if (current === undefined) return [];
    if (last?.key !== current) last = { key: current, families: families(current) };
    return last.families;
  };
  return Object.assign(source, { stable: true });
}

/** The families /metrics serves, as they are at every collection (process metrics are /metrics only). */
export function pushSources(deps: Pick<PushDependencies, 'poller' | 'metrics' | 'skillNames' | 'accountId'>): FamilySource[] {
  const { poller, metrics, skillNames, accountId } = deps;
  return [
    sameWhileUnchanged(() => poller.current, nhtColumnFamilies),
    ...(skillNames ? [sameWhileUnchanged(() => skillNames.current(), (names) => [skillInfoFamily(accountId, names)])] : []),
    () => metrics.families(),
  ];
}

/** Starts the push when OTEL_METRICS_EXPORTER is otlp, else resolves to undefined. */
export async function startPushFromConfig(otlp: OtlpConfig, deps: PushDependencies): Promise<RunningPush | undefined> {
  const settings = resolveOtlpSettings(otlp);
  if (!settings) return undefined;
  deps.metrics.trackOtlpExports();
  const { startOtlpPusher } = await import('./pusher.js');
  const proxy = deps.proxies && proxyFor(deps.proxies, settings.url);
  let headers = settings.headers;
  const pusher = await startOtlpPusher({
    settings: { ...settings, headersNow: () => headers, ...(proxy && { proxy }) },
    sources: pushSources(deps),
    facts: { accountId: deps.accountId, version: deps.version },
    logger: deps.logger,
    counter: deps.metrics,
    ...(deps.now && { now: deps.now }),
    ...(deps.exporter && { exporter: deps.exporter }),
  });
  return Object.assign(pusher, {
    setHeaders(next: OtlpConfig): string[] {
      // Checked like at start: a list that does not parse names the key and keeps the running headers.
      const parsed = parseKeyValueList(next.headers);
      if (!parsed.ok) return [keyProblem(keyAt('otlp.headers'), parsed.error)];
      const again = resolveOtlpSettings(next);
      if (again) headers = again.headers;
      return [];
    },
  });
}

/** The push, and a way to change its headers (http protocols; gRPC metadata is fixed at start). */
export type RunningPush = OtlpPusher & {
  /** Takes the headers of `next` for the following exports; returns problems instead when they do not parse. */
  setHeaders(next: OtlpConfig): string[];
};
