import { createAuthorizer, type AuthConfig } from '../../src/liveperson/auth.js';
import type { Authorizer } from '../../src/liveperson/authorizer.js';
import { createDomainResolver } from '../../src/liveperson/domain.js';
import { createNhtClient, type NhtClient } from '../../src/liveperson/nht-client.js';
import type { LivePersonObserver, RequestDeps, Sleep } from '../../src/liveperson/retry.js';
import type { Logger } from '../../src/log.js';
import { HOUR_MS, QUARTER_MS, type PollWindow, type SkillRecord } from '../../src/liveperson/types.js';
import { SIMULATOR_DEFAULTS, type Simulator } from '../../src/simulator/index.js';

/** The window a poll at `now` asks for: from the latest completed hour to the end of the latest completed quarter. */
export function windowAt(now: number): PollWindow {
  const quarterStart = Math.floor(now / QUARTER_MS) * QUARTER_MS - QUARTER_MS;
  const hourStart = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  return { quarterStart, hourStart, fromMillis: hourStart, toMillis: quarterStart + QUARTER_MS };
}

/** A sleep that returns at once but remembers how long it was asked to wait (and still honours aborts). */
export function instantSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    },
  };
}

/** Counts observer calls as "api outcome" / "api reason" strings. */
export function countingObserver(): LivePersonObserver & { requests: Map<string, number>; retries: Map<string, number> } {
  const requests = new Map<string, number>();
  const retries = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  return {
    requests,
    retries,
    request: (api, outcome) => bump(requests, `${api} ${outcome}`),
    retry: (api, reason) => bump(retries, `${api} ${reason}`),
  };
}

/** Everything a test may set on an NHT client: the settings of the configuration, in its words. */
export interface TestClientOptions {
  accountId: string;
  /** The credentials to build an authorizer from, unless `authorizer` is given. */
  auth?: AuthConfig;
  authorizer?: Authorizer;
  csdsUrl?: string;
  nhtBaseUrl?: string;
  sentinelBaseUrl?: string;
  skillIds?: readonly string[];
  originator?: string;
  requestTimeout?: number;
  concurrency?: number;
  maxRetries?: number;
  retryDelay?: number;
  throttleDelay?: number;
  sleep?: Sleep;
  logger?: Logger;
  observer?: LivePersonObserver;
  now?: () => number;
}

/** Builds an NHT client and its collaborators as app.ts does, from test settings (production delays by default). */
export function testClient(o: TestClientOptions): NhtClient {
  const requests: RequestDeps = {
    timeoutMs: o.requestTimeout ?? 5000,
    retry: { maxRetries: o.maxRetries ?? 3, retryDelayMs: o.retryDelay ?? 5000, throttleDelayMs: o.throttleDelay ?? 1000 },
    sleep: o.sleep ?? instantSleep().sleep,
    ...(o.logger && { logger: o.logger }),
    ...(o.observer && { observer: o.observer }),
    ...(o.now && { now: o.now }),
  };
  const resolver = createDomainResolver({
    ...requests,
    accountId: o.accountId,
    csdsUrl: o.csdsUrl ?? 'http://127.0.0.1:9',
    overrides: { leDataReporting: o.nhtBaseUrl, sentinel: o.sentinelBaseUrl },
  });
  const authorizer = o.authorizer ?? createAuthorizer(o.auth ?? { mode: 'bearer', token: 'test-bearer-token' }, { ...requests, accountId: o.accountId, resolver });
  return createNhtClient({
    ...requests,
    accountId: o.accountId,
    authorizer,
    resolver,
    originator: o.originator ?? 'nht_exporter_test',
    concurrency: o.concurrency ?? 3,
    ...(o.skillIds && { skillIds: o.skillIds }),
  });
}

/** A client for the simulator: OAuth 2.0 with its demo credentials, everything discovered, production delays (slept instantly). */
export function simClient(sim: Simulator, overrides: Partial<TestClientOptions> = {}): NhtClient {
  return testClient({
    accountId: sim.accountId,
    auth: { mode: 'oauth2', clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret },
    csdsUrl: sim.url,
    ...overrides,
  });
}

/** Skill ids of a result, in order. */
export const ids = (skills: readonly SkillRecord[]): string[] => skills.map((s) => s.skillId);

/** Errors from a promise that must reject. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
