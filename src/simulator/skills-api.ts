/** The Skills API (account configuration, read only): skill ids to names. */
import { header, json, type Reply } from './http-util.js';
import { isAuthorized, UNAUTHORIZED } from './auth.js';
import type { SimContext, SimRequest } from './context.js';

/**
 * `GET /api/account/{accountId}/configuration/le-users/skills?v=2.0[&include_deleted=true]`:
 * a JSON array with the `ac-revision` header; 304 when `If-None-Match` names the current revision.
 */
export function skillsApi(ctx: SimContext, req: SimRequest, accountId: string): Reply {
  if (!isAuthorized(ctx, req, accountId)) return UNAUTHORIZED;
  const revision = ctx.catalogue.revision;
  const ifNoneMatch = header(req.raw, 'if-none-match')?.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (ifNoneMatch === revision) return { status: 304, headers: { 'ac-revision': revision } };
  const includeDeleted = req.url.searchParams.get('include_deleted') === 'true';
  return json(200, ctx.catalogue.list(includeDeleted), { 'ac-revision': revision });
}
