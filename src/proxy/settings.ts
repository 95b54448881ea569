/**
 * Which proxy, if any, each outgoing request goes through: the `proxy.url` setting, else the
 * conventional HTTPS_PROXY / HTTP_PROXY / NO_PROXY variables (the lower-case spelling wins, as
 * in curl and undici). NO_PROXY follows undici's rules, which the LivePerson requests use:
 * entries separated by commas or spaces, `*` for every host, `example.com` and `.example.com`
 * for the host and its subdomains, `host:port` for one port only.
 *
 * A proxy URL may carry a user and password: they are registered with the secret scrubber (which
 * knows every form they travel in, base64 in Proxy-Authorization included), and the URL is only
 * ever shown without them.
 */
import { registerUrlCredentials } from '../secrets.js';

export interface ProxySettings {
  /** For http:// targets; '' for none. */
  readonly httpProxy: string;
  /** For https:// targets; '' for none. */
  readonly httpsProxy: string;
  readonly noProxy: string;
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

function firstSet(...values: Array<string | undefined>): string {
  return values.find((v) => v !== undefined && v !== '') ?? '';
}

/** The proxies from the setting (`explicit`, '' when unset) and the environment. */
export function resolveProxySettings(explicit: string, env: NodeJS.ProcessEnv): ProxySettings {
  const httpProxy = explicit || firstSet(env['http_proxy'], env['HTTP_PROXY']);
  const httpsProxy = explicit || firstSet(env['https_proxy'], env['HTTPS_PROXY']) || httpProxy;
  const settings = { httpProxy, httpsProxy, noProxy: firstSet(env['no_proxy'], env['NO_PROXY']) };
  for (const url of [settings.httpProxy, settings.httpsProxy]) registerUrlCredentials(url);
  return settings;
}

/** The proxy URL for a request to `target`, or undefined when it goes direct. */
export function proxyFor(settings: ProxySettings, target: string): string | undefined {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return undefined;
  }
  const proxy = url.protocol === 'https:' ? settings.httpsProxy : settings.httpProxy;
  if (!proxy) return undefined;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  return bypassed(settings.noProxy, host, port) ? undefined : proxy;
}

function bypassed(noProxy: string, host: string, port: number): boolean {
  const entries = noProxy.split(/[,\s]/).filter((e) => e !== '');
  if (entries.length === 0) return false;
  if (noProxy.trim() === '*') return true;
  return entries.some((entry) => {
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const name = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (parsed?.[2] && Number(parsed[2]) !== port) return false;
    return host === name || host.endsWith(`.${name}`);
  });
}

/** A proxy URL as it may be shown: scheme, host and port only. */
export function showProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '<unparsable proxy URL>';
  }
}
