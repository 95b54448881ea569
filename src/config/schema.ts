/**
 * The configuration schema: the single source of truth for every setting. Its defaults,
 * environment variables, flags, formats and docs drive loading, validation, the `Config` type,
 * `--help` and the generated configuration reference.
 *
 * Naming rule for flags: the environment variable without its `LP_`/`NHT_` prefix, in kebab case
 * (`NHT_POLL_INTERVAL` → `--poll-interval`). Durations are written in milliseconds here and shown
 * as `5m` in the docs.
 *
 * Custom schema properties (convict passes them to the formats): `min`, `max`, `below`,
 * `allowEmpty` (see formats.ts) and `fromFile`: the value may also be read from the file named by
 * `<ENV>_FILE`, the way Kubernetes mounts secrets.
 */
import convict from 'convict';
import type { LogFormat, LogLevel } from '../log.js';
import { HOUR, MINUTE, SECOND } from './duration.js';
import { registerFormats } from './formats.js';

export const AUTH_MODES = ['oauth2', 'oauth1', 'bearer'] as const;
/** How the exporter authenticates to LivePerson. */
export type AuthMode = (typeof AUTH_MODES)[number];

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];
const LOG_FORMATS = ['json', 'text'] as const satisfies readonly LogFormat[];

export const OTLP_METRICS_EXPORTERS = ['none', 'otlp', 'prometheus'] as const;
/** OTEL_METRICS_EXPORTER: `otlp` switches the push on; `prometheus` and `none` leave /metrics alone, which is always served. */
export type OtlpMetricsExporter = (typeof OTLP_METRICS_EXPORTERS)[number];
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
/** OTEL_EXPORTER_OTLP_PROTOCOL, with the spec's spelling of the values. */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export const OTLP_COMPRESSIONS = ['none', 'gzip'] as const;
export type OtlpCompression = (typeof OTLP_COMPRESSIONS)[number];

export const schema = {
  demo: {
    doc: 'Run against the built-in LivePerson simulator with demo data. No account or credentials are needed: the LivePerson account and credential settings (LP_ACCOUNT_ID, LP_CLIENT_ID, LP_CLIENT_SECRET, ...) are ignored.',
    format: 'flag',
    default: false,
    env: 'NHT_DEMO',
    arg: 'demo',
  },
  liveperson: {
    accountId: {
      doc: 'LivePerson account (site) id. Required unless --demo.',
      format: 'account-id',
      default: '',
      env: 'LP_ACCOUNT_ID',
      arg: 'account-id',
    },
    authMode: {
      doc: 'How to authenticate: oauth2 (OAuth 2.0 client credentials, the current LivePerson method), oauth1 (legacy app keys, retired by LivePerson in 2026) or bearer (a ready-made bearer token).',
      format: [...AUTH_MODES],
      default: 'oauth2' as AuthMode,
      env: 'LP_AUTH_MODE',
      arg: 'auth-mode',
    },
    clientId: {
      doc: 'OAuth 2.0 client id (auth mode oauth2).',
      format: String,
      default: '',
      env: 'LP_CLIENT_ID',
      arg: 'client-id',
      fromFile: true,
    },
    clientSecret: {
      doc: 'OAuth 2.0 client secret (auth mode oauth2).',
      format: String,
      default: '',
      env: 'LP_CLIENT_SECRET',
      arg: 'client-secret',
      sensitive: true,
      fromFile: true,
    },
    appKey: {
      doc: 'OAuth 1.0 app key (auth mode oauth1).',
      format: String,
      default: '',
      env: 'LP_APP_KEY',
      arg: 'app-key',
      sensitive: true,
      fromFile: true,
    },
    appSecret: {
      doc: 'OAuth 1.0 app secret (auth mode oauth1).',
      format: String,
      default: '',
      env: 'LP_APP_SECRET',
      arg: 'app-secret',
      sensitive: true,
      fromFile: true,
    },
    accessToken: {
      doc: 'OAuth 1.0 access token (auth mode oauth1).',
      format: String,
      default: '',
      env: 'LP_ACCESS_TOKEN',
      arg: 'access-token',
      sensitive: true,
      fromFile: true,
    },
    accessTokenSecret: {
      doc: 'OAuth 1.0 access token secret (auth mode oauth1).',
      format: String,
      default: '',
      env: 'LP_ACCESS_TOKEN_SECRET',
      arg: 'access-token-secret',
      sensitive: true,
      fromFile: true,
    },
    bearerToken: {
      doc: 'Bearer token sent as is (auth mode bearer), e.g. from the LivePerson Login Service.',
      format: String,
      default: '',
      env: 'LP_BEARER_TOKEN',
      arg: 'bearer-token',
      sensitive: true,
      fromFile: true,
    },
    csdsUrl: {
      doc: 'LivePerson Domain API (CSDS), used to discover the hosts of the account.',
      format: 'url',
      default: 'https://api.liveperson.net',
      env: 'LP_CSDS_URL',
      arg: 'csds-url',
    },
    nhtBaseUrl: {
      doc: 'Base URL of the NHT API, e.g. https://va.data.liveperson.net. Empty: discovered through the Domain API (service leDataReporting).',
      format: 'url',
      default: '',
      env: 'LP_NHT_BASE_URL',
      arg: 'nht-base-url',
      allowEmpty: true,
    },
    sentinelBaseUrl: {
      doc: 'Base URL of the OAuth 2.0 token service. Empty: discovered through the Domain API (service sentinel).',
      format: 'url',
      default: '',
      env: 'LP_SENTINEL_BASE_URL',
      arg: 'sentinel-base-url',
      allowEmpty: true,
    },
    accountConfigBaseUrl: {
      doc: 'Base URL of the Skills API (account configuration), e.g. https://va-a.acr.liveperson.net. Empty: discovered through the Domain API (service accountConfigReadOnly).',
      format: 'url',
      default: '',
      env: 'LP_ACCOUNT_CONFIG_BASE_URL',
      arg: 'account-config-base-url',
      allowEmpty: true,
    },
    skillIds: {
      doc: 'Skills to report, as comma-separated numeric ids (a JSON array of strings in the file). Empty: every skill of the account.',
      format: 'skill-ids',
      default: [] as string[],
      env: 'LP_SKILL_IDS',
      arg: 'skill-ids',
    },
    source: {
      doc: 'Name sent to LivePerson as the originator of the calls (the API field source): 1 to 20 letters, digits or underscores.',
      format: 'originator',
      default: 'nht_exporter',
      env: 'LP_SOURCE',
      arg: 'source',
    },
    requestTimeout: {
      doc: 'Time limit of one HTTP request to LivePerson.',
      format: 'duration',
      default: 30 * SECOND,
      env: 'LP_REQUEST_TIMEOUT',
      arg: 'request-timeout',
      min: 1,
    },
  },
  poll: {
    interval: {
      doc: 'Time between two polls of the NHT API. The API works in 15-minute intervals, so an interval dividing 15m keeps polls aligned with them.',
      format: 'duration',
      default: 5 * MINUTE,
      env: 'NHT_POLL_INTERVAL',
      arg: 'poll-interval',
      min: 10 * SECOND,
    },
    settleDelay: {
      doc: 'How long after a 15-minute interval ends before it counts as completed and is read.',
      format: 'duration',
      default: 1 * MINUTE,
      env: 'NHT_SETTLE_DELAY',
      arg: 'settle-delay',
      below: 15 * MINUTE,
    },
    concurrency: {
      doc: 'NHT pages (10 skills each) requested at the same time.',
      format: 'int-range',
      default: 4,
      env: 'NHT_CONCURRENCY',
      arg: 'concurrency',
      min: 1,
      max: 50,
    },
    maxRetries: {
      doc: 'Retries of a LivePerson request that failed with a 5xx, a timeout, a network error or a malformed answer, before the poll reports it as failed; a 429 is retried up to this many times plus two, any other 4xx never.',
      format: 'int-range',
      default: 3,
      env: 'NHT_MAX_RETRIES',
      arg: 'max-retries',
      min: 0,
      max: 10,
    },
    retryDelay: {
      doc: 'After a 5xx, a timeout, a network error or a malformed answer, wait this long times the attempt number before retrying (5s, 10s, 15s with the default).',
      format: 'duration',
      default: 5 * SECOND,
      env: 'NHT_RETRY_DELAY',
      arg: 'retry-delay',
    },
    throttleDelay: {
      doc: 'After a 429, wait at least this long (longer when LivePerson sends Retry-After).',
      format: 'duration',
      default: 1 * SECOND,
      env: 'NHT_THROTTLE_DELAY',
      arg: 'throttle-delay',
    },
    maxSkills: {
      doc: 'Most skills one poll may fetch. When LivePerson\'s first page counts more, the poll fails at once instead of asking for every page (10 skills a page). The default fits the largest real accounts; raise it if yours has more.',
      format: 'int-range',
      default: 20_000,
      env: 'NHT_MAX_SKILLS',
      arg: 'max-skills',
      min: 1,
      max: 1_000_000,
    },
    deadline: {
      doc: 'Longest time one poll may take, retries and waits included; a poll still running then fails and keeps the last good data. 0: the poll interval less 5s, so a poll ends before the next one is due.',
      format: 'duration',
      default: 0,
      env: 'NHT_POLL_DEADLINE',
      arg: 'poll-deadline',
    },
  },
  skillNames: {
    enabled: {
      doc: 'Export the skill names as liveperson_skill_info, read from the LivePerson Skills API with the same credentials (they need the "Skills API Read" privilege). false: no Skills API calls.',
      format: 'flag',
      default: true,
      env: 'NHT_SKILL_NAMES',
      arg: 'skill-names',
    },
    interval: {
      doc: 'Time between two reads of the skill names, independent of the NHT polls. An unchanged list costs one small 304 answer.',
      format: 'duration',
      default: 1 * HOUR,
      env: 'NHT_SKILL_NAMES_INTERVAL',
      arg: 'skill-names-interval',
      min: 1 * MINUTE,
    },
  },
  server: {
    host: {
      doc: 'Address the HTTP server (/metrics) listens on.',
      format: String,
      default: '0.0.0.0',
      env: 'HOST',
      arg: 'host',
    },
    port: {
      doc: 'Port the HTTP server (/metrics) listens on. 0 picks a free port.',
      format: 'int-range',
      default: 9818,
      env: 'PORT',
      arg: 'port',
      min: 0,
      max: 65535,
    },
    webConfigFile: {
      doc: 'Web config file in the Prometheus exporter-toolkit format (the file node_exporter reads): TLS, client certificates, basic authentication and response headers of the HTTP server. Read again when it or the files it names change. Empty: plain HTTP, no authentication. See docs/security.md.',
      format: String,
      default: '',
      env: 'NHT_WEB_CONFIG_FILE',
      // The exporter-toolkit's own flag name, so scripts written for other exporters work unchanged.
      arg: 'web.config.file',
    },
  },
  proxy: {
    url: {
      doc: 'Proxy for every LivePerson request and the OTLP push, e.g. http://user:password@proxy.example.com:3128; wins over HTTPS_PROXY and HTTP_PROXY. NO_PROXY still applies. Empty: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms) decide. Credentials in it are kept secret.',
      format: 'url',
      default: '',
      env: 'NHT_PROXY_URL',
      arg: 'proxy-url',
      allowEmpty: true,
      sensitive: true,
      fromFile: true,
    },
  },
  log: {
    level: {
      doc: 'Lowest level logged.',
      format: [...LOG_LEVELS],
      default: 'info' as LogLevel,
      env: 'LOG_LEVEL',
      arg: 'log-level',
    },
    format: {
      doc: 'Log line format: json (one object per line, for log pipelines) or text (for a terminal).',
      format: [...LOG_FORMATS],
      default: 'json' as LogFormat,
      env: 'LOG_FORMAT',
      arg: 'log-format',
    },
  },
  otlp: {
    metricsExporter: {
      doc: 'otlp: also push the metrics to an OpenTelemetry (OTLP) receiver, such as an OpenTelemetry Collector. none or prometheus: no push. /metrics is served either way.',
      format: [...OTLP_METRICS_EXPORTERS],
      default: 'none' as OtlpMetricsExporter,
      env: 'OTEL_METRICS_EXPORTER',
      arg: 'otel-metrics-exporter',
    },
    endpoint: {
      doc: 'Base URL of the OTLP receiver: http/protobuf and http/json send to <endpoint>/v1/metrics, grpc uses it as is; https means TLS. Empty: http://localhost:4318 (http) or http://localhost:4317 (grpc).',
      format: 'url',
      default: '',
      env: 'OTEL_EXPORTER_OTLP_ENDPOINT',
      arg: 'otel-exporter-otlp-endpoint',
      allowEmpty: true,
    },
    metricsEndpoint: {
      doc: 'Full URL the metrics are sent to, used as is (no /v1/metrics added); wins over OTEL_EXPORTER_OTLP_ENDPOINT. Empty: derived from OTEL_EXPORTER_OTLP_ENDPOINT.',
      format: 'url',
      default: '',
      env: 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
      arg: 'otel-exporter-otlp-metrics-endpoint',
      allowEmpty: true,
    },
    headers: {
      doc: 'Headers sent with every OTLP request (gRPC metadata with grpc), as key=value pairs separated by commas, values percent-encoded: api-key=abc123,Authorization=Bearer%20xyz.',
      format: 'header-list',
      default: '',
      env: 'OTEL_EXPORTER_OTLP_HEADERS',
      arg: 'otel-exporter-otlp-headers',
      sensitive: true,
      fromFile: true,
    },
    protocol: {
      doc: 'OTLP transport: http/protobuf, http/json or grpc.',
      format: [...OTLP_PROTOCOLS],
      default: 'http/protobuf' as OtlpProtocol,
      env: 'OTEL_EXPORTER_OTLP_PROTOCOL',
      arg: 'otel-exporter-otlp-protocol',
    },
    compression: {
      doc: 'Compression of the OTLP requests: none or gzip.',
      format: [...OTLP_COMPRESSIONS],
      default: 'none' as OtlpCompression,
      env: 'OTEL_EXPORTER_OTLP_COMPRESSION',
      arg: 'otel-exporter-otlp-compression',
    },
    timeout: {
      doc: 'Time limit of one OTLP export, retries of 429/502/503/504 included. A bare number is milliseconds, as in the OpenTelemetry spec.',
      format: 'duration',
      default: 10 * SECOND,
      env: 'OTEL_EXPORTER_OTLP_TIMEOUT',
      arg: 'otel-exporter-otlp-timeout',
      min: 1,
    },
    exportInterval: {
      doc: 'Time between two OTLP pushes of the last poll\'s data. A bare number is milliseconds, as in the OpenTelemetry spec (60000 = 1m).',
      format: 'duration',
      default: 1 * MINUTE,
      env: 'OTEL_METRIC_EXPORT_INTERVAL',
      arg: 'otel-metric-export-interval',
      min: 1 * SECOND,
    },
    serviceName: {
      doc: 'The service.name resource attribute. Empty: service.name from OTEL_RESOURCE_ATTRIBUTES, else liveperson-nht-exporter.',
      format: String,
      default: '',
      env: 'OTEL_SERVICE_NAME',
      arg: 'otel-service-name',
    },
    resourceAttributes: {
      doc: 'More resource attributes, as key=value pairs separated by commas, values percent-encoded: deployment.environment.name=prod,service.namespace=contact-center.',
      format: 'key-value-list',
      default: '',
      env: 'OTEL_RESOURCE_ATTRIBUTES',
      arg: 'otel-resource-attributes',
    },
  },
  simulator: {
    skills: {
      doc: 'Demo mode only: number of skills the simulator serves.',
      format: 'int-range',
      default: 25,
      env: 'SIM_SKILLS',
      arg: 'sim-skills',
      min: 1,
      max: 10000,
    },
    seed: {
      doc: 'Demo mode only: seed of the simulated data; the same seed gives the same numbers.',
      format: 'int-range',
      default: 42,
      env: 'SIM_SEED',
      arg: 'sim-seed',
      min: 0,
      max: 4294967295,
    },
    port: {
      doc: 'Demo mode only: port of the simulator on 127.0.0.1. 0 picks a free port.',
      format: 'int-range',
      default: 0,
      env: 'SIM_PORT',
      arg: 'sim-port',
      min: 0,
      max: 65535,
    },
  },
};

/** Where convict reads from: passed explicitly so that nothing reads process.env or process.argv behind the caller's back. */
export interface ConfigInput {
  env: NodeJS.ProcessEnv;
  args: string[];
}

/** A convict store over the schema with defaults, then `env`, then `args` applied (a file is loaded later). */
export function createConfigStore(input: ConfigInput) {
  registerFormats();
  return convict(schema, { env: input.env, args: input.args });
}

export type ConfigStore = ReturnType<typeof createConfigStore>;

/** The typed configuration, as inferred by convict from the schema. Durations are milliseconds. */
export type Config = ReturnType<ConfigStore['getProperties']>;
