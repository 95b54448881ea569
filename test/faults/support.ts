/**
 * The fault suite's harness: an exporter polling the simulator with a known secret, one good poll
 * first, then a fault; every test ends by checking what a user would check.
 */
import { expect } from 'vitest';
import type { FaultAction, FaultRequest, Simulator } from '../../src/simulator/types.js';
import { nhtSamples, scrape, startHarness, type Harness } from '../exporter/helpers.js';

/** The client secret the simulator accepts; it must never show anywhere. */
export const SECRET = 'fault-suite-secret-Vq81+/zZ';

export type Script = (req: FaultRequest) => FaultAction | undefined;

export interface FaultRun extends Harness {
  /** The NHT samples of the good poll before the fault. */
  readonly before: Map<string, Map<string, number>>;
  /** Every bearer token the exporter was issued (they count as secrets too). */
  readonly tokens: Set<string>;
  /** NHT requests made since the fault was switched on. */
  nhtRequestsSinceFault(): number;
  /** Switches the fault on. */
  fault(script: Script): void;
}

/** Starts the exporter against the simulator (25 skills, 3 pages) and polls once successfully. */
export async function afterGoodPoll(env: Record<string, string> | ((sim: Simulator) => Record<string, string>) = {}, skills = 25): Promise<FaultRun> {
  const h = await startHarness({ skills, clientSecret: SECRET }, (sim) => ({
    LP_CLIENT_SECRET: SECRET,
    LP_REQUEST_TIMEOUT: '2s',
    ...(typeof env === 'function' ? env(sim) : env),
  }));
  const tokens = new Set<string>();
  const watch: Script = (req) => {
    const token = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
    if (token) tokens.add(token);
    return undefined;
  };
  h.sim.setFaults({ script: watch });
  expect(await h.exporter.poller.pollOnce()).toBe(true);
  const before = nhtSamples((await scrape(h.exporter)).text);
  expect(before.get('liveperson_nht_arrivals')!.size).toBeGreaterThan(0);
  let base = h.sim.stats.nhtRequests;
  return {
    ...h,
    before,
    tokens,
    nhtRequestsSinceFault: () => h.sim.stats.nhtRequests - base,
    fault(script) {
      base = h.sim.stats.nhtRequests;
      h.sim.setFaults({ script: (req) => watch(req) ?? script(req) });
    },
  };
}

export interface Outcome {
  /** Whether the poll under the fault should succeed. */
  readonly pollSucceeds: boolean;
  /** Text the log must contain (what happened, in the operator's words). */
  readonly logSays?: RegExp;
}

/**
 * Runs one poll under the fault, then checks: the process still serves, the last good data is
 * served (unchanged when the poll failed), the health metrics tell the truth, and no secret
 * appears in the log, on `/` or on /metrics. Returns the /metrics text.
 */
export async function pollAndCheck(run: FaultRun, outcome: Outcome): Promise<string> {
  expect(await run.exporter.poller.pollOnce()).toBe(outcome.pollSucceeds);
  const metrics = await scrape(run.exporter);
  expect(metrics.status).toBe(200);
  expect((await scrape(run.exporter, '/healthz')).status).toBe(200);
  expect((await scrape(run.exporter, '/readyz')).status).toBe(200);
  expect(metrics.text).toContain(`liveperson_nht_up ${outcome.pollSucceeds ? 1 : 0}\n`);
  expect(metrics.text).toContain(`liveperson_nht_polls_total{result="${outcome.pollSucceeds ? 'success' : 'failure'}"} ${outcome.pollSucceeds ? 2 : 1}\n`);
  if (!outcome.pollSucceeds) expect(nhtSamples(metrics.text)).toEqual(run.before);
  if (outcome.logSays) expect(run.logs.join('\n')).toMatch(outcome.logSays);
  const landing = (await scrape(run.exporter, '/')).text;
  expectNoSecret(run, [metrics.text, landing, ...run.logs]);
  return metrics.text;
}

/** The environment of an exporter that finds every host through the simulator's Domain API. */
export const discovered = (sim: Simulator): Record<string, string> => ({ LP_CSDS_URL: sim.url, LP_NHT_BASE_URL: '', LP_SENTINEL_BASE_URL: '' });

/** Every form of the secret (and of the issued tokens) a leak could take, and a 12-character prefix of each. */
export function leakForms(secrets: Iterable<string>): string[] {
  const forms: string[] = [];
  for (const s of secrets) {
    const encoded = [s, encodeURIComponent(s), new URLSearchParams({ s }).toString().slice(2), JSON.stringify(s).slice(1, -1), Buffer.from(s).toString('base64'), Buffer.from(s).toString('base64url')];
    for (const e of encoded) forms.push(e, e.slice(0, 12));
  }
  return [...new Set(forms)];
}

export function expectNoSecret(run: Pick<FaultRun, 'tokens'>, texts: readonly string[]): void {
  const forms = leakForms([SECRET, ...run.tokens]);
  for (const text of texts) for (const form of forms) expect(text, `a secret in the form ${form}`).not.toContain(form);
}

/** The normal NHT page, changed: for `edit` actions. */
export function editPage(change: (page: NhtJson) => void): FaultAction {
  return {
    kind: 'edit',
    edit: (json) => {
      const page = structuredClone(json) as NhtJson;
      change(page);
      return page;
    },
  };
}

export interface NhtJson {
  _metadata: { count?: unknown; [k: string]: unknown };
  skillInfo: Array<{ skillId: unknown; metricsByIntervals: Array<Record<string, unknown>> }>;
  [k: string]: unknown;
}
