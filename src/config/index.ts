/**
 * The configuration: schema, loading, validation and the docs generated from the schema.
 */
export type { AuthMode, Config } from './schema.js';
export type { LoadResult } from './load.js';
export type { ConfigKey } from './keys.js';

export { AUTH_MODES, schema } from './schema.js';
export { loadConfig } from './load.js';
export { describeConfig } from './describe.js';
export { flagUsage, renderConfigReference, renderConfigTable, renderSettingsHelp, wrap } from './docs.js';
export { configKeys } from './keys.js';
export { formatDuration, parseDuration, SECOND, MINUTE, HOUR } from './duration.js';
