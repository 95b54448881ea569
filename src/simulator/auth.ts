/** Who may call the NHT and Skills APIs: issued OAuth 2.0 tokens, the static bearer token, or OAuth 1.0 signatures. */
import { header, json, type Reply } from './http-util.js';
import type { SimContext, SimRequest } from './context.js';
import { verifyOAuth1 } from './oauth1.js';

/** The NHT error-codes page's 401 body. */
export const UNAUTHORIZED: Reply = json(401, { reason: 'oauth_problem=token_rejected' });

/** True when the request carries credentials the simulator accepts for the account in its path. */
export function isAuthorized(ctx: SimContext, req: SimRequest, accountId: string): boolean {
  if (accountId !== ctx.accountId) return false;
  const authorization = header(req.raw, 'authorization')?.trim();
  if (!authorization) return false;
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (bearer) {
    const token = bearer[1]!;
    return ctx.tokens.isValid(token) || (ctx.bearerToken !== undefined && token === ctx.bearerToken);
  }
  if (/^OAuth\s/i.test(authorization) && ctx.oauth1) {
    // The raw request target, not a re-serialised URL: the signature covers the query as sent.
    const pathAndQuery = req.raw.url ?? '/';
    const urls = ['http', 'https'].map((scheme) => `${scheme}://${req.host}${pathAndQuery}`);
    return verifyOAuth1(authorization, req.method, urls, ctx.oauth1);
  }
  return false;
}
