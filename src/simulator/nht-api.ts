/** The NHT method: `POST` (JSON body) or `GET` (query string) `/operations/api/account/{accountId}/nht`. */
import { bucketStarts, bucketValues } from './data.js';
import { json, type Reply } from './http-util.js';
import { isAuthorized, UNAUTHORIZED } from './auth.js';
import type { SimContext, SimRequest } from './context.js';
import { NHT_RETENTION_MS, parseNhtQuery } from './nht-query.js';
import { nhtResponseBody } from './nht-response.js';
import { Salt, uniform } from './prng.js';

/**
 * The request parameters: the query string, overridden by a JSON body. undefined when the body is
 * not a JSON object.
 */
export function nhtParams(req: SimRequest): Record<string, unknown> | undefined {
  const params: Record<string, unknown> = Object.fromEntries(req.url.searchParams);
  if (req.method !== 'POST' || req.body.trim() === '') return params;
  try {
    const body: unknown = JSON.parse(req.body);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
    return { ...params, ...(body as Record<string, unknown>) };
  } catch {
    return undefined;
  }
}

export function nhtApi(ctx: SimContext, req: SimRequest, accountId: string): Reply {
  if (!isAuthorized(ctx, req, accountId)) return UNAUTHORIZED;
  const params = nhtParams(req);
  if (!params) return json(400, { message: 'Bad Request', causes: ['the request body must be a JSON object'] });
  const now = ctx.now();
  const parsed = parseNhtQuery(params, now);
  if (!parsed.ok) return json(400, { message: 'Bad Request', causes: parsed.causes });
  const { query } = parsed;
  const wanted = query.skillIds ? new Set(query.skillIds) : undefined;
  const skills = wanted ? ctx.nhtSkillIds.filter((id) => wanted.has(id)) : ctx.nhtSkillIds;
  const body = nhtResponseBody(query, {
    endpoint: `http://${req.host}/operations/api/account/${accountId}/nht`,
    skills,
    // A bucket that began before the nine weeks LivePerson keeps has been dropped from its store.
    starts: bucketStarts(query.from, query.to, query.interval, now, now - NHT_RETENTION_MS),
    values: (skillId, start) => bucketValues(ctx.seed, Number(skillId), start, query.interval, now, ctx.profile(skillId)),
    pascalCase: uniform(ctx.seed, req.seq, Salt.pascalCase) < ctx.pascalCaseRate,
  });
  return json(200, body);
}
