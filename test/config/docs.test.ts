import { describe, expect, it } from 'vitest';
import { describeConfig, renderConfigTable } from '../../src/config/index.js';
import { configKeys } from '../../src/config/keys.js';
import { ACCOUNT_ENV, loadOk } from './support.js';

describe('the configuration reference generated from the schema', () => {
  const table = renderConfigTable();
  const rows = table.trimEnd().split('\n');

  it('is a Markdown table with one row per key', () => {
    expect(rows[0]).toBe('| Key | Environment variable | Flag | Default | Description |');
    expect(rows[1]).toBe('| --- | --- | --- | --- | --- |');
    expect(rows).toHaveLength(2 + configKeys().length);
  });

  it('names every environment variable and flag of the schema', () => {
    for (const key of configKeys()) {
      expect(table).toContain(`\`${key.env}\``);
      expect(table).toContain(`\`--${key.arg}`);
    }
  });

  it('shows durations as durations and marks secrets, with their _FILE variable and no default', () => {
    expect(rows.find((r) => r.startsWith('| `poll.interval` '))).toBe(
      '| `poll.interval` | `NHT_POLL_INTERVAL` | `--poll-interval <duration>` | `5m` | Time between two polls of the NHT API. The API works in 15-minute intervals, so an interval dividing 15m keeps polls aligned with them. A duration such as 30s, 5m or 1h30m; at least 10s. |',
    );
    const secret = rows.find((r) => r.startsWith('| `liveperson.clientSecret` '));
    expect(secret).toBe(
      '| `liveperson.clientSecret` | `LP_CLIENT_SECRET`<br>`LP_CLIENT_SECRET_FILE` | `--client-secret <text>` |  | Secret: never logged. OAuth 2.0 client secret (auth mode oauth2). Can be read from the file named by LP_CLIENT_SECRET_FILE. |',
    );
    for (const key of configKeys().filter((k) => k.sensitive)) {
      expect(table).toContain(`\`${key.env}_FILE\``);
    }
  });

  it('escapes the pipes of enumerations so the table keeps its columns', () => {
    const row = rows.find((r) => r.startsWith('| `liveperson.authMode` ')) ?? '';
    expect(row).toContain('`--auth-mode <oauth2\\|oauth1\\|bearer>`');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
  });
});

describe('describeConfig, the start-up view of the configuration', () => {
  it('has the shape of the configuration with durations written for people', () => {
    const { config } = loadOk([], ACCOUNT_ENV);
    const described = describeConfig(config);
    expect(described['poll']).toEqual({ interval: '5m', settleDelay: '1m', concurrency: 4, maxRetries: 3, retryDelay: '5s', throttleDelay: '1s', maxSkills: 20_000, deadline: '0s' });
    expect(described['liveperson']).toMatchObject({ accountId: '12345678', clientSecret: '[REDACTED]', skillIds: [] });
  });

  it('leaves the configuration it describes untouched', () => {
    const { config } = loadOk([], ACCOUNT_ENV);
    const before = structuredClone(config);
    describeConfig(config);
    expect(config).toEqual(before);
  });
});
