/**
 * The undici dispatcher every LivePerson request uses (Domain API, tokens, NHT, Skills): undici's
 * own EnvHttpProxyAgent, given the resolved proxies explicitly so that nothing but the
 * configuration decides. It tunnels with CONNECT through the proxy for https and http targets
 * alike (undici's default), so the proxy never sees the requests' content.
 *
 * When a request fails and a proxy was in its path, the error names the proxy: a proxy that is
 * down or refuses the tunnel must not read as "LivePerson is unreachable".
 */
import { EnvHttpProxyAgent, type Agent } from 'undici';
import { proxyFor, showProxy, type ProxySettings } from './settings.js';

/** An EnvHttpProxyAgent that can also say which proxy a URL goes through. */
export class EgressAgent extends EnvHttpProxyAgent {
  constructor(
    readonly proxies: ProxySettings,
    options: Agent.Options = {},
  ) {
    super({ ...options, httpProxy: proxies.httpProxy, httpsProxy: proxies.httpsProxy, noProxy: proxies.noProxy });
  }

  /** The proxy (shown without credentials) a request to `url` goes through, or undefined. */
  proxyShownFor(url: string): string | undefined {
    const proxy = proxyFor(this.proxies, url);
    return proxy === undefined ? undefined : showProxy(proxy);
  }
}

const CONNECT_REFUSED = /Proxy response \((\d{3})\) !== 200/;
const PROXY_STATUS: Readonly<Record<string, string>> = {
  '403': 'the proxy does not allow this destination',
  '407': 'proxy authentication required: check the user and password of the proxy URL',
  '502': 'the proxy could not reach the destination',
  '503': 'the proxy could not reach the destination',
  '504': 'the proxy timed out reaching the destination',
};

function codeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
  }
  return undefined;
}

function messagesOf(err: unknown): string {
  const parts: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) parts.push(e.message);
  return parts.join(' / ');
}

/**
 * Why a request to `url` failed, worded about the proxy, when the dispatcher sent it through one;
 * undefined when no proxy was involved.
 */
export function describeProxyFailure(dispatcher: unknown, url: string, err: unknown): string | undefined {
  if (!(dispatcher instanceof EgressAgent)) return undefined;
  const proxy = dispatcher.proxyShownFor(url);
  if (proxy === undefined) return undefined;
  const said = messagesOf(err);
  const refused = CONNECT_REFUSED.exec(said);
  if (refused?.[1]) {
    const why = PROXY_STATUS[refused[1]] ?? 'the proxy refused the tunnel';
    return `the proxy ${proxy} answered HTTP ${refused[1]} to CONNECT ${new URL(url).host} (${why})`;
  }
  // Every connection goes to the proxy, so a failure to connect is the proxy's.
  const code = codeOf(err);
  if (code && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) {
    return `cannot reach the proxy ${proxy} (${code})`;
  }
  return `${said || String(err)} (through the proxy ${proxy})`;
}
