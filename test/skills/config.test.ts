import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';

function skillNames(args: string[], env: Record<string, string> = {}) {
  const loaded = loadConfig(['--demo', ...args], env);
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  return { ...loaded.config.skillNames, baseUrl: loaded.config.liveperson.accountConfigBaseUrl };
}

describe('the skill-name settings', () => {
  it('are on by default, refresh hourly and discover the Skills API host', () => {
    expect(skillNames([])).toEqual({ enabled: true, interval: 3_600_000, baseUrl: '' });
  });

  it.each([
    ['NHT_SKILL_NAMES=false', [], { NHT_SKILL_NAMES: 'false' }],
    ['NHT_SKILL_NAMES=0', [], { NHT_SKILL_NAMES: '0' }],
    ['--skill-names=false', ['--skill-names=false'], {}],
    ['--skill-names false', ['--skill-names', 'false'], {}],
  ] as const)('%s switches them off', (_, args, env) => {
    expect(skillNames([...args], env).enabled).toBe(false);
  });

  it('take the interval and the base URL from the environment', () => {
    expect(skillNames([], { NHT_SKILL_NAMES_INTERVAL: '6h', LP_ACCOUNT_CONFIG_BASE_URL: 'https://va-a.acr.liveperson.net' })).toEqual({
      enabled: true,
      interval: 6 * 3_600_000,
      baseUrl: 'https://va-a.acr.liveperson.net',
    });
  });
});
