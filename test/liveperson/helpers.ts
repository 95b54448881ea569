import { createNhtClient, type NhtClient, type NhtClientOptions } from '../../src/liveperson/nht-client.js';
import type { LivePersonObserver, Sleep } from '../../src/liveperson/retry.js';
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

/** A client for the simulator: OAuth 2.0 with its demo credentials, everything discovered, production delays (slept instantly). */
export function simClient(sim: Simulator, overrides: Partial<NhtClientOptions> = {}): NhtClient {
  const base: NhtClientOptions = {
    accountId: sim.accountId,
    auth: { mode: 'oauth2', clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret },
    csdsUrl: sim.url,
    discoveryScheme: 'http',
    source: 'nht_exporter_test',
    requestTimeout: 5000,
    concurrency: 3,
    maxRetries: 3,
    retryDelay: 5000,
    throttleDelay: 1000,
    sleep: instantSleep().sleep,
  };
  const options = { ...base, ...overrides };
  // `authorizer` and `auth` are exclusive: an override of one drops the other.
  if (overrides.authorizer) delete (options as { auth?: unknown }).auth;
  return createNhtClient(options);
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
