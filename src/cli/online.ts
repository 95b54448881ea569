/**
 * `check-config --online`: after the offline checks, asks LivePerson what the exporter will ask it,
 * once each, with the exporter's own clients: the Domain API for the hosts, sentinel for a token,
 * the NHT API for one page and the Skills API for the list. One line per step, OK or the exact
 * reason with the setting or privilege to fix; a step that cannot run without an earlier one is
 * skipped. Nothing is retried (5xx waits would make a check take a minute), and nothing is polled.
 */
import type { Config } from '../config/index.js';
import { connectLivePerson } from '../connect.js';
import type { Authorizer } from '../liveperson/authorizer.js';
import type { DomainResolver, LpService } from '../liveperson/domain.js';
import { LivePersonError } from '../liveperson/errors.js';
import { createNhtClient } from '../liveperson/nht-client.js';
import type { RequestDeps } from '../liveperson/retry.js';
import { createSkillsClient } from '../liveperson/skills-client.js';
import { pollWindow } from '../poll/schedule.js';
import { EgressAgent } from '../proxy/dispatcher.js';
import { resolveProxySettings } from '../proxy/settings.js';

export type StepResult = 'OK' | 'FAIL' | 'SKIP';

export interface Step {
  readonly result: StepResult;
  readonly name: string;
  readonly detail: string;
}

/** `OK    NHT API: ...`: what the user reads, one line per step. */
export function formatStep(step: Step): string {
  return `${step.result.padEnd(5)} ${step.name}: ${step.detail}`;
}

const OVERRIDE_ENV: Readonly<Record<LpService, string>> = {
  leDataReporting: 'LP_NHT_BASE_URL',
  sentinel: 'LP_SENTINEL_BASE_URL',
  accountConfigReadOnly: 'LP_ACCOUNT_CONFIG_BASE_URL',
};

const statusOf = (err: unknown): string => (err instanceof LivePersonError && err.status !== undefined ? ` (HTTP ${err.status})` : '');
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const refused = (err: unknown): boolean => err instanceof LivePersonError && (err.status === 401 || err.status === 403);
const unreachable = (err: unknown): boolean => err instanceof LivePersonError && (err.kind === 'network_error' || err.kind === 'timeout');

/** Runs every step against LivePerson; resolves when all have run or been skipped. */
export async function checkOnline(config: Config, env: NodeJS.ProcessEnv, now: () => number = Date.now): Promise<Step[]> {
  const lp = config.liveperson;
  // Through the proxy the exporter would use: the check must take the same way out.
  const connections = new EgressAgent(resolveProxySettings(config.proxy.url, env));
  const { requests, resolver, credentials } = connectLivePerson(config, lp, {
    retry: { maxRetries: 0, retryDelayMs: config.poll.retryDelay, throttleDelayMs: config.poll.throttleDelay },
    dispatcher: connections,
    now,
  });
  const authorizer = credentials(lp);
  try {
    const steps: Step[] = [];
    const hosts = await domainStep(config, resolver);
    steps.push(hosts);
    if (hosts.result === 'FAIL') {
      for (const name of ['token', 'NHT API', 'Skills API']) steps.push({ result: 'SKIP', name, detail: 'needs the hosts the Domain API did not give' });
      return steps;
    }
    const token = await tokenStep(config, resolver, authorizer);
    steps.push(token);
    if (token.result === 'FAIL') {
      for (const name of ['NHT API', 'Skills API']) steps.push({ result: 'SKIP', name, detail: 'needs a token' });
      return steps;
    }
    steps.push(await nhtStep(config, requests, resolver, authorizer, now));
    steps.push(await skillsStep(config, requests, resolver, authorizer));
    return steps;
  } finally {
    await connections.close();
  }
}

async function domainStep(config: Config, resolver: DomainResolver): Promise<Step> {
  const lp = config.liveperson;
  const name = 'Domain API';
  const services: LpService[] = ['leDataReporting'];
  if (lp.authMode === 'oauth2') services.push('sentinel');
  if (config.skillNames.enabled) services.push('accountConfigReadOnly');
  const found: string[] = [];
  for (const service of services) {
    const configured = Boolean({ leDataReporting: lp.nhtBaseUrl, sentinel: lp.sentinelBaseUrl, accountConfigReadOnly: lp.accountConfigBaseUrl }[service]);
    try {
      const url = await resolver.baseUrl(service);
      found.push(`${service} ${url}${configured ? ` (from ${OVERRIDE_ENV[service]})` : ''}`);
    } catch (err) {
      const where = `${lp.csdsUrl} (LP_CSDS_URL)`;
      const fix = unreachable(err)
        ? `check LP_CSDS_URL, DNS and the way out to it (egress rules, proxy), or set ${services.map((s) => OVERRIDE_ENV[s]).join(', ')} to skip discovery`
        : err instanceof LivePersonError && err.kind === 'client_error'
          ? `check LP_ACCOUNT_ID (${lp.accountId}): the Domain API does not know this account`
          : `check LP_CSDS_URL, or set ${OVERRIDE_ENV[service]} to skip discovery`;
      return { result: 'FAIL', name, detail: `cannot find ${service} through ${where}: ${messageOf(err)} — ${fix}` };
    }
  }
  return { result: 'OK', name, detail: found.join(', ') };
}

async function tokenStep(config: Config, resolver: DomainResolver, authorizer: Authorizer): Promise<Step> {
  const lp = config.liveperson;
  const name = 'token';
  if (lp.authMode !== 'oauth2') {
    const how = lp.authMode === 'oauth1' ? 'OAuth 1.0 signs each request' : 'the bearer token is sent as it is';
    return { result: 'SKIP', name, detail: `LP_AUTH_MODE=${lp.authMode}: ${how}, so there is no token to fetch; the NHT API step checks the credentials` };
  }
  try {
    const base = await resolver.baseUrl('leDataReporting');
    await authorizer.header('POST', `${base}/operations/api/account/${encodeURIComponent(lp.accountId)}/nht`);
    return { result: 'OK', name, detail: `OAuth 2.0 token obtained for client ${lp.clientId}` };
  } catch (err) {
    const fix =
      refused(err) || (err instanceof LivePersonError && err.status === 400)
        ? `LivePerson refused the OAuth 2.0 client: check LP_CLIENT_ID and LP_CLIENT_SECRET (or their _FILE variables), and that the client belongs to account ${lp.accountId}`
        : unreachable(err)
          ? 'cannot reach the token service: check DNS and the way out to it, or set LP_SENTINEL_BASE_URL'
          : 'check LP_SENTINEL_BASE_URL and the Domain API answer for sentinel';
    return { result: 'FAIL', name, detail: `${messageOf(err)} — ${fix}` };
  }
}

async function nhtStep(config: Config, requests: RequestDeps, resolver: DomainResolver, authorizer: Authorizer, now: () => number): Promise<Step> {
  const lp = config.liveperson;
  const name = 'NHT API';
  const client = createNhtClient({ ...requests, accountId: lp.accountId, authorizer, resolver, skillIds: lp.skillIds, originator: lp.source, concurrency: 1 });
  try {
    const page = await client.fetchFirstPage(pollWindow(now(), config.poll.settleDelay));
    const count = page.count === undefined ? `${page.skills} skills on the first page` : `${page.count} skills with data`;
    return { result: 'OK', name, detail: `answered the first page: ${count}` };
  } catch (err) {
    const fix = refused(err)
      ? `the credentials may not read the NHT API${statusOf(err)}: it is opt-in, so ask your LivePerson account team to enable it for account ${lp.accountId}, and give the API client access to it`
      : err instanceof LivePersonError && err.kind === 'client_error'
        ? 'LivePerson refused the request: check LP_SOURCE and LP_SKILL_IDS'
        : err instanceof LivePersonError && err.kind === 'throttled'
          ? 'LivePerson is throttling this account: try again in a minute'
          : 'check LP_NHT_BASE_URL, or the Domain API answer for leDataReporting, and the way out to it';
    return { result: 'FAIL', name, detail: `${messageOf(err)} — ${fix}` };
  } finally {
    client.close();
  }
}

async function skillsStep(config: Config, requests: RequestDeps, resolver: DomainResolver, authorizer: Authorizer): Promise<Step> {
  const lp = config.liveperson;
  const name = 'Skills API';
  if (!config.skillNames.enabled) return { result: 'SKIP', name, detail: 'skill names are off (NHT_SKILL_NAMES=false)' };
  try {
    const got = await createSkillsClient({ ...requests, accountId: lp.accountId, authorizer, resolver }).fetchSkills();
    const skills = got.changed ? got.skills : [];
    const deleted = skills.filter((s) => s.deleted).length;
    return { result: 'OK', name, detail: `listed ${skills.length} skills (${deleted} deleted)` };
  } catch (err) {
    const fix = refused(err)
      ? `the credentials lack the "Skills API Read" privilege${statusOf(err)}: grant it to the API client in LivePerson, or set NHT_SKILL_NAMES=false to do without skill names`
      : 'check LP_ACCOUNT_CONFIG_BASE_URL, or the Domain API answer for accountConfigReadOnly, and the way out to it';
    return { result: 'FAIL', name, detail: `${messageOf(err)} — ${fix}` };
  }
}
