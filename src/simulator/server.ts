/**
 * The simulator's HTTP server: one port serving the Domain API, sentinel, NHT and the Skills API,
 * with faults injected in front of the normal answers and request statistics for tests.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NhtField } from '../liveperson/types.js';
import { bucketValues } from './data.js';
import { domainApi } from './domain-api.js';
import { FaultPicker } from './faults.js';
import { edited, sendRaw, sendStream, statusReply, truncated } from './fault-replies.js';
import { header, json, readBody, send, type Reply } from './http-util.js';
import type { SimContext, SimRequest } from './context.js';
import { nhtApi, nhtParams } from './nht-api.js';
import { optionProblems } from './options.js';
import { skillProfile, type SkillProfile } from './profile.js';
import { routeOf, type Route } from './routes.js';
import { tokenEndpoint } from './sentinel.js';
import { skillsApi } from './skills-api.js';
import { SkillCatalogue, skillIdsFor } from './skills.js';
import { TokenIssuer } from './tokens.js';
import { SIMULATOR_DEFAULTS } from './defaults.js';
import type { Simulator, SimulatorFaults, SimulatorOptions, SimulatorStats } from './types.js';

function skillLists(options: SimulatorOptions, seed: number): { active: string[]; deleted: string } {
  if (options.skillIds) {
    const active = [...new Set(options.skillIds)].sort((a, b) => Number(a) - Number(b));
    const max = active.reduce((m, id) => Math.max(m, Number(id)), 773_430);
    return { active, deleted: String(max + 1) };
  }
  const count = options.skills ?? SIMULATOR_DEFAULTS.skills;
  const ids = skillIdsFor(seed, count + 1);
  return { active: ids.slice(0, count), deleted: ids[count]! };
}

function buildContext(options: SimulatorOptions): SimContext {
  const seed = options.seed ?? SIMULATOR_DEFAULTS.seed;
  const accountId = options.accountId ?? SIMULATOR_DEFAULTS.accountId;
  const now = options.now ?? Date.now;
  const { active, deleted } = skillLists(options, seed);
  const profiles = new Map<string, SkillProfile>();
  return {
    accountId,
    seed,
    nhtSkillIds: options.deletedSkillInNht ? [...active, deleted].sort((a, b) => Number(a) - Number(b)) : active,
    catalogue: new SkillCatalogue(seed, active, deleted, now),
    tokens: new TokenIssuer(accountId, options.tokenTtlSeconds ?? SIMULATOR_DEFAULTS.tokenTtlSeconds, now),
    clientId: options.clientId ?? SIMULATOR_DEFAULTS.clientId,
    clientSecret: options.clientSecret ?? SIMULATOR_DEFAULTS.clientSecret,
    ...(options.oauth1 ? { oauth1: options.oauth1 } : {}),
    ...(options.bearerToken ? { bearerToken: options.bearerToken } : {}),
    pascalCaseRate: options.pascalCaseRate ?? 0,
    now,
    profile(skillId) {
      let p = profiles.get(skillId);
      if (!p) profiles.set(skillId, (p = skillProfile(seed, Number(skillId))));
      return p;
    },
  };
}

function normalReply(ctx: SimContext, route: Route, req: SimRequest): Reply {
  switch (route.api) {
    case 'domain':
      return domainApi(req, route.accountId, route.service);
    case 'token':
      return tokenEndpoint(ctx, req, route.accountId);
    case 'skills':
      return skillsApi(ctx, req, route.accountId);
    case 'nht':
      return nhtApi(ctx, req, route.accountId);
  }
}

/**
 * Starts the simulator. Resolves once it listens; `url` then names the chosen port.
 * Rejects with a plain message when the options are unusable.
 * `bucket()` of the returned simulator throws a RangeError for a start not aligned to the interval.
 * @example
 * const sim = await startSimulator({ skills: 23, now: () => fixedTime });
 * // ... point a client at sim.url (Domain API at /api/account/12345678/service/baseURI.json?version=1.0)
 * await sim.stop();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const problems = optionProblems(options);
  if (problems.length > 0) throw new Error(`invalid simulator options: ${problems.join('; ')}`);
  const ctx = buildContext(options);
  const picker = new FaultPicker(ctx.seed);
  let faults: SimulatorFaults | undefined = options.faults;
  let inFlight = 0;
  let stopping = false;
  let port = 0;
  const stats: SimulatorStats = { nhtRequests: 0, tokenRequests: 0, domainRequests: 0, skillsRequests: 0, maxInFlight: 0, connections: 0 };
  const timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  // Delays end early on stop() so a slow simulated response never holds the process open.
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = { timer: setTimeout(() => entry.done(), ms), done: () => (timers.delete(entry), clearTimeout(entry.timer), resolve()) };
      timers.add(entry);
    });

  const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(raw.url ?? '/', 'http://simulator.invalid');
    const route = routeOf(raw.method ?? 'GET', url.pathname);
    if (!route) return send(res, json(404, { message: 'Not Found' }));
    if (route.api === 'nht') {
      inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      res.on('close', () => (inFlight -= 1));
    }
    const seq = stats.nhtRequests;
    if (route.api === 'nht') stats.nhtRequests += 1;
    else if (route.api === 'token') stats.tokenRequests += 1;
    else if (route.api === 'domain') stats.domainRequests += 1;
    else stats.skillsRequests += 1;

    const body = await readBody(raw);
    const host = header(raw, 'host') ?? `${options.host ?? SIMULATOR_DEFAULTS.host}:${port}`;
    const req: SimRequest = { raw, method: raw.method ?? 'GET', url, body, host, seq };
    const offset = route.api === 'nht' ? Number(nhtParams(req)?.offset ?? 0) : undefined;
    const authorization = header(raw, 'authorization');
    const action = picker.pick(faults, { api: route.api, seq, body, ...(authorization !== undefined && { authorization }), ...(offset !== undefined && Number.isFinite(offset) ? { offset } : {}) });
    if (route.api === 'nht' && faults?.delayMs) await sleep(faults.delayMs);
    if (action?.kind === 'delay') await sleep(action.ms);
    if (stopping) return;
    switch (action?.kind) {
      case 'status':
        return send(res, statusReply(action));
      case 'reset':
        return void res.socket?.destroy();
      case 'reply':
        return sendRaw(res, action);
      case 'stream':
        return sendStream(res, action, sleep, () => stopping);
      case 'malformed':
        return send(res, truncated(normalReply(ctx, route, req)));
      case 'edit':
        return send(res, edited(normalReply(ctx, route, req), action.edit));
      default:
        return send(res, normalReply(ctx, route, req));
    }
  };

  const server = createServer((raw, res) => {
    handle(raw, res).catch((err: unknown) => send(res, json(500, { message: err instanceof Error ? err.message : 'error' })));
  });
  server.on('connection', () => void (stats.connections += 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? SIMULATOR_DEFAULTS.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  port = address.port;
  // A wildcard bind is reachable on loopback; print an address a client can actually use.
  const shown = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const urlHost = address.family === 'IPv6' ? `[${shown}]` : shown;

  return {
    url: `http://${urlHost}:${port}`,
    accountId: ctx.accountId,
    skillIds: ctx.nhtSkillIds,
    stats,
    bucket(skillId: string, start: number, intervalMinutes: 15 | 30 | 60): Record<NhtField, number> {
      if (start % (intervalMinutes * 60_000) !== 0) throw new RangeError(`bucket start ${start} is not aligned to ${intervalMinutes} minutes`);
      return bucketValues(ctx.seed, Number(skillId), start, intervalMinutes, ctx.now(), ctx.profile(skillId));
    },
    renameSkill(id: string, name: string): void {
      ctx.catalogue.rename(id, name);
    },
    rotateClientSecret(secret: string): void {
      ctx.clientSecret = secret;
      ctx.tokens.revokeAll();
    },
    setFaults(next: SimulatorFaults | undefined): void {
      faults = next;
    },
    async stop(): Promise<void> {
      stopping = true;
      for (const entry of [...timers]) entry.done();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
