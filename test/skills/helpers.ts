/** Shared set-up for the skill-name tests: clients wired to the simulator like the exporter wires them to LivePerson. */
import { createAuthorizer, type AuthConfig } from '../../src/liveperson/auth.js';
import type { Authorizer } from '../../src/liveperson/authorizer.js';
import { createDomainResolver, type DomainResolver } from '../../src/liveperson/domain.js';
import type { LivePersonObserver, RetryPolicy } from '../../src/liveperson/retry.js';
import { createSkillsClient, type SkillsClient } from '../../src/liveperson/skills-client.js';
import { createLogger, type Logger } from '../../src/log.js';
import { SIMULATOR_DEFAULTS, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { instantSleep } from '../liveperson/helpers.js';

/** Production retry delays, slept instantly. */
export const RETRY: RetryPolicy = { maxRetries: 3, retryDelayMs: 5000, throttleDelayMs: 1000 };

export const OAUTH2: AuthConfig = { mode: 'oauth2', clientId: SIMULATOR_DEFAULTS.clientId, clientSecret: SIMULATOR_DEFAULTS.clientSecret };

export async function withSimulator<T>(options: SimulatorOptions, body: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator(options);
  try {
    return await body(sim);
  } finally {
    await sim.stop();
  }
}

/** Host discovery and credentials against the simulator, as app.ts shares them between the NHT and Skills clients. */
export function simAccess(sim: Simulator, auth: AuthConfig = OAUTH2): { resolver: DomainResolver; authorizer: Authorizer } {
  const deps = { timeoutMs: 5000, retry: RETRY, sleep: instantSleep().sleep };
  const resolver = createDomainResolver({ ...deps, accountId: sim.accountId, csdsUrl: sim.url, discoveryScheme: 'http' });
  const authorizer = createAuthorizer(auth, { ...deps, accountId: sim.accountId, resolver });
  return { resolver, authorizer };
}

export function simSkillsClient(sim: Simulator, options: { auth?: AuthConfig; observer?: LivePersonObserver } = {}): SkillsClient {
  return createSkillsClient({
    accountId: sim.accountId,
    ...simAccess(sim, options.auth),
    timeoutMs: 5000,
    retry: RETRY,
    sleep: instantSleep().sleep,
    ...(options.observer && { observer: options.observer }),
  });
}

/** A logger that keeps its lines (JSON objects) for assertions. */
export function recordingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, logger: createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

/** Every skill the simulator's Skills API knows, deleted one included, as id → name. */
export async function catalogueOf(sim: Simulator): Promise<Map<string, { name: string; deleted: boolean }>> {
  const got = await simSkillsClient(sim).fetchSkills();
  if (!got.changed) throw new Error('unexpected 304 without a revision');
  return new Map(got.skills.map((s) => [s.id, { name: s.name, deleted: s.deleted }]));
}
