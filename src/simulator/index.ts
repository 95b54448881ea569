/**
 * The built-in LivePerson simulator: Domain API, sentinel OAuth 2.0, NHT and Skills API on one
 * local port, with deterministic data and injectable faults. Powers the demo mode and the tests.
 */
export type {
  FaultAction,
  FaultRequest,
  Simulator,
  SimulatorFaults,
  SimulatorOptions,
  SimulatorStats,
} from './types.js';
export type { BucketValues, HourlyMetrics, QuarterActivity } from './data.js';
export type { SkillProfile } from './profile.js';
export type { SkillEntry } from './skills.js';
export { startSimulator } from './server.js';
export { SIMULATOR_DEFAULTS } from './defaults.js';
export { bucketStarts, bucketValues, hourlyMetrics, quarterActivity, recordedQuarter, round2, NO_DATA } from './data.js';
export { skillProfile, isDormant } from './profile.js';
export { skillIdsFor } from './skills.js';
export { CAUSES, NHT_RETENTION_MS, NHT_WINDOW_MS } from './nht-query.js';
export { SERVICES } from './domain-api.js';
