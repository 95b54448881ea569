import { afterEach, describe, expect, it } from 'vitest';
import { loadErrors, loadOk, tempFiles } from './support.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function withFile(content: unknown): string {
  const t = tempFiles({ 'nht.json': JSON.stringify(content) });
  cleanups.push(t.cleanup);
  return t.path('nht.json');
}

describe('skill ids', () => {
  it('LP_SKILL_IDS is split on commas into a list of id strings, spaces and empty entries ignored', () => {
    expect(loadOk(['--demo'], { LP_SKILL_IDS: '1234, 5678,,90 ' }).config.liveperson.skillIds).toEqual(['1234', '5678', '90']);
  });

  it('an empty LP_SKILL_IDS means every skill', () => {
    expect(loadOk(['--demo'], { LP_SKILL_IDS: '' }).config.liveperson.skillIds).toEqual([]);
  });

  it('a single id given as a flag stays a string, not a number', () => {
    expect(loadOk(['--demo', '--skill-ids', '4321'], {}).config.liveperson.skillIds).toEqual(['4321']);
  });

  it('the file may hold a JSON array of strings or the same comma-separated text', () => {
    expect(loadOk(['--demo', '--config', withFile({ liveperson: { skillIds: ['11', '12'] } })], {}).config.liveperson.skillIds).toEqual(['11', '12']);
    expect(loadOk(['--demo', '--config', withFile({ liveperson: { skillIds: '11,12' } })], {}).config.liveperson.skillIds).toEqual(['11', '12']);
  });
});

describe('source, URLs and numbers', () => {
  it('a source of exactly 20 characters is accepted, 21 is not', () => {
    expect(loadOk(['--demo'], { LP_SOURCE: 'A'.repeat(20) }).config.liveperson.source).toBe('A'.repeat(20));
    expect(loadErrors(['--demo'], { LP_SOURCE: 'A'.repeat(21) })).toEqual([
      `liveperson.source (LP_SOURCE): must be 1 to 20 letters, digits or underscores, got "${'A'.repeat(21)}"`,
    ]);
  });

  it('base URLs may be set to http(s) URLs, including a local fake', () => {
    const { config } = loadOk(['--demo'], {
      LP_NHT_BASE_URL: 'http://127.0.0.1:8080',
      LP_SENTINEL_BASE_URL: 'https://va.sentinel.liveperson.net',
      LP_CSDS_URL: 'http://localhost:9000',
    });
    expect(config.liveperson.nhtBaseUrl).toBe('http://127.0.0.1:8080');
    expect(config.liveperson.sentinelBaseUrl).toBe('https://va.sentinel.liveperson.net');
    expect(config.liveperson.csdsUrl).toBe('http://localhost:9000');
  });

  it('the Domain API URL cannot be empty: nothing would find the hosts', () => {
    expect(loadErrors(['--demo'], { LP_CSDS_URL: '' })).toEqual([
      'liveperson.csdsUrl (LP_CSDS_URL): must be an http or https URL, got ""',
    ]);
  });

  it('integers are read strictly: "12abc" is refused rather than read as 12', () => {
    expect(loadErrors(['--demo'], { NHT_CONCURRENCY: '12abc' })).toEqual([
      'poll.concurrency (NHT_CONCURRENCY): must be an integer from 1 to 50, got "12abc"',
    ]);
  });

  it('the bounds of the ranges are accepted', () => {
    const { config } = loadOk(['--demo'], { NHT_CONCURRENCY: '50', NHT_MAX_RETRIES: '0', PORT: '0', NHT_POLL_INTERVAL: '10s' });
    expect(config.poll.concurrency).toBe(50);
    expect(config.poll.maxRetries).toBe(0);
    expect(config.server.port).toBe(0);
    expect(config.poll.interval).toBe(10_000);
  });

  it('enumerations take their values as written', () => {
    const { config } = loadOk(['--demo', '--log-level', 'debug'], { LOG_FORMAT: 'text', LP_AUTH_MODE: 'bearer' });
    expect(config.log).toEqual({ level: 'debug', format: 'text' });
    expect(config.liveperson.authMode).toBe('bearer');
  });
});
