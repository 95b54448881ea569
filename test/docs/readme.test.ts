import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configKeys, renderConfigTable } from '../../src/config/index.js';
import { NHT_METRICS } from '../../src/translate/metrics.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('the README', () => {
  it('carries the configuration table generated from the schema (npm run docs:config rewrites it)', () => {
    expect(readme).toContain('\n' + renderConfigTable().trim() + '\n');
  });

  it('names every environment variable of the schema', () => {
    for (const key of configKeys()) if (key.env) expect(readme, key.env).toContain(`\`${key.env}\``);
  });

  it('lists every NHT metric with its API field', () => {
    for (const m of NHT_METRICS) expect(readme).toMatch(new RegExp(`\\| \`${m.name}\` \\| [^|]+ \\| \`${m.field}\` \\|`));
  });

  it('opens with the two commands: run and test', () => {
    const firstScreen = readme.split('\n').slice(0, 15).join('\n');
    expect(firstScreen).toContain('npm ci && npm run demo');
    expect(firstScreen).toContain('npm ci && npm test');
  });
});
