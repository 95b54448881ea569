/** Sentinel's OAuth 2.0 client-credentials token endpoint. */
import { header, json, type Reply } from './http-util.js';
import type { SimContext, SimRequest } from './context.js';

function basicCredentials(value: string | undefined): { id: string; secret: string } | undefined {
  const match = value ? /^Basic\s+(\S+)$/i.exec(value.trim()) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

/**
 * `POST /sentinel/api/v2/account/{accountId}/app/token` with a form body
 * `client_id, client_secret, grant_type=client_credentials` (HTTP Basic client auth also accepted).
 */
export function tokenEndpoint(ctx: SimContext, req: SimRequest, accountId: string): Reply {
  const contentType = header(req.raw, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return json(400, { error: 'invalid_request', error_description: 'expected application/x-www-form-urlencoded' });
  }
  const form = new URLSearchParams(req.body);
  const grantType = form.get('grant_type');
  if (grantType === null) return json(400, { error: 'invalid_request', error_description: 'grant_type is required' });
  if (grantType !== 'client_credentials') return json(400, { error: 'unsupported_grant_type' });
  const basic = basicCredentials(header(req.raw, 'authorization'));
  const clientId = form.get('client_id') ?? basic?.id;
  const clientSecret = form.get('client_secret') ?? basic?.secret;
  if (accountId !== ctx.accountId || clientId !== ctx.clientId || clientSecret !== ctx.clientSecret) {
    return json(401, { error: 'invalid_client' });
  }
  const { accessToken, expiresIn } = ctx.tokens.issue(clientId);
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn }, { 'cache-control': 'no-store' });
}
