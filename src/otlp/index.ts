/**
 * OTLP push: the same data /metrics serves, sent to an OpenTelemetry receiver on a timer.
 */
export type { OtlpPusher, OtlpPusherOptions, ExportCounter } from './pusher.js';
export type { OtlpSettings, OtlpConfig, OtlpResolution } from './settings.js';
export type { ProducerSources } from './producer.js';
export type { PromMetricJson } from './own-data.js';
export type { ResourceFacts } from './resource.js';

export { startOtlpPusher, MAX_POINTS_PER_REQUEST } from './pusher.js';
export { resolveOtlpSettings, otlpConfigProblems, metricsUrl, safeUrl } from './settings.js';
export { SnapshotMetricProducer } from './producer.js';
export { DEFAULT_SERVICE_NAME } from './resource.js';
export { startPushFromConfig } from './start.js';
