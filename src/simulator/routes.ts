/** Maps method and path to the API that serves them. */

export type Route =
  | { readonly api: 'domain'; readonly accountId: string; readonly service?: string }
  | { readonly api: 'token'; readonly accountId: string }
  | { readonly api: 'nht'; readonly accountId: string }
  | { readonly api: 'skills'; readonly accountId: string };

const DOMAIN_ALL = /^\/api\/account\/([^/]+)\/service\/baseURI\.json$/;
const DOMAIN_ONE = /^\/api\/account\/([^/]+)\/service\/([^/]+)\/baseURI\.json$/;
const TOKEN = /^\/sentinel\/api\/v2\/account\/([^/]+)\/app\/token$/;
const NHT = /^\/operations\/api\/account\/([^/]+)\/nht$/;
const SKILLS = /^\/api\/account\/([^/]+)\/configuration\/le-users\/skills$/;

/** The route for a request, or undefined (404) for anything the simulator does not serve. */
export function routeOf(method: string, pathname: string): Route | undefined {
  let m: RegExpExecArray | null;
  if (method === 'GET' && (m = DOMAIN_ALL.exec(pathname))) return { api: 'domain', accountId: decodeURIComponent(m[1]!) };
  if (method === 'GET' && (m = DOMAIN_ONE.exec(pathname))) {
    return { api: 'domain', accountId: decodeURIComponent(m[1]!), service: decodeURIComponent(m[2]!) };
  }
  if (method === 'POST' && (m = TOKEN.exec(pathname))) return { api: 'token', accountId: decodeURIComponent(m[1]!) };
  if ((method === 'POST' || method === 'GET') && (m = NHT.exec(pathname))) return { api: 'nht', accountId: decodeURIComponent(m[1]!) };
  if (method === 'GET' && (m = SKILLS.exec(pathname))) return { api: 'skills', accountId: decodeURIComponent(m[1]!) };
  return undefined;
}
