/** The Domain API (CSDS): tells clients which host serves which LivePerson service. */
import { json, type Reply } from './http-util.js';
import type { SimRequest } from './context.js';

/** The services this simulator serves, all on its one port. Names are case sensitive, as in CSDS. */
export const SERVICES = ['leDataReporting', 'sentinel', 'accountConfigReadOnly'] as const;

/**
 * `GET /api/account/{accountId}/service/baseURI.json?version=1.0` (all services) and
 * `GET /api/account/{accountId}/service/{name}/baseURI.json?version=1.0` (one service).
 * The baseURI has no scheme, like the real API's.
 */
export function domainApi(req: SimRequest, accountId: string, service: string | undefined): Reply {
  const version = req.url.searchParams.get('version');
  if (version !== null && version !== '1.0') return json(400, { message: 'unsupported version', causes: ['version must be 1.0'] });
  const entry = (name: string): Record<string, string> => ({ service: name, account: accountId, baseURI: req.host });
  if (service === undefined) return json(200, { baseURIs: SERVICES.map(entry) });
  if (!(SERVICES as readonly string[]).includes(service)) return json(404, { message: `service ${service} not found` });
  return json(200, entry(service));
}
