import { describe, expect, it } from 'vitest';
import { planReload } from '../../src/reload/plan.js';
import { setAt } from '../../src/reload/set-at.js';
import { config } from '../exporter/helpers.js';

const running = config([], { LP_ACCOUNT_ID: '12345678', LP_CLIENT_ID: 'client', LP_CLIENT_SECRET: 'secret-0001' });
const paths = (keys: readonly { path: string }[]): string[] => keys.map((k) => k.path);

describe('what a reload applies and what needs a restart', () => {
  it('applies poll settings, the skill filter, credentials, log level and OTLP headers', () => {
    let next = running;
    for (const [path, value] of [
      ['poll.interval', 60_000], ['poll.concurrency', 2], ['liveperson.skillIds', ['1']], ['liveperson.clientSecret', 'secret-0002'],
      ['log.level', 'debug'], ['otlp.headers', 'api-key=x'],
    ] as const) next = setAt(next, path, value);
    expect(planReload(running, next)).toEqual({ apply: expect.any(Array), restart: [] });
    expect(paths(planReload(running, next).apply).sort()).toEqual(['liveperson.clientSecret', 'liveperson.skillIds', 'log.level', 'otlp.headers', 'poll.concurrency', 'poll.interval']);
  });

  it('names the port, the host, the account and the web config file as needing a restart', () => {
    let next = running;
    for (const [path, value] of [['server.port', 1234], ['server.host', '127.0.0.1'], ['liveperson.accountId', '999'], ['server.webConfigFile', '/w.yml']] as const) {
      next = setAt(next, path, value);
    }
    const plan = planReload(running, next);
    expect(plan.apply).toEqual([]);
    expect(new Set(paths(plan.restart))).toEqual(new Set(['server.port', 'server.host', 'liveperson.accountId', 'server.webConfigFile']));
  });

  it('changes nothing when nothing changed, and leaves the original configuration as it was', () => {
    expect(planReload(running, { ...running })).toEqual({ apply: [], restart: [] });
    setAt(running, 'poll.interval', 1);
    expect(running.poll.interval).toBe(300_000);
  });
});
