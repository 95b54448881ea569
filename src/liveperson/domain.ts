import { LivePersonError } from './errors.js';
import { jsonBody } from './http.js';
import { callApi } from './request.js';
import type { RequestDeps } from './retry.js';

/** Domain API service names (case sensitive): NHT, OAuth 2.0 tokens, the Skills API. */
export type LpService = 'leDataReporting' | 'sentinel' | 'accountConfigReadOnly';

export interface DomainResolverOptions extends RequestDeps {
  readonly accountId: string;
  /** Domain API (CSDS) base URL, e.g. https://api.liveperson.net. */
  readonly csdsUrl: string;
  /** Scheme put before a discovered `baseURI` (which has none); default: the Domain API's own. */
  readonly discoveryScheme?: 'https' | 'http';
  /** Configured base URLs (may be http://); discovery is skipped for these services. */
  readonly overrides?: Partial<Record<LpService, string | undefined>>;
  /** How long a discovered host is trusted before it is asked again (default 10 minutes). */
  readonly ttlMs?: number;
}

/** Finds the base URL (scheme and host, no trailing slash) of a LivePerson service for the account. */
export interface DomainResolver {
  baseUrl(service: LpService, signal?: AbortSignal): Promise<string>;
  /**
   * Drops a discovered host (after a network error against it: it may have moved or gone), so the
   * next `baseUrl()` asks the Domain API again. Configured base URLs are kept.
   */
  forget?(service: LpService): void;
}

interface CacheEntry {
  readonly url: string;
  /** When to ask the Domain API again. */
  readonly refreshAt: number;
}

const DEFAULT_TTL_MS = 10 * 60 * 1000;
/** After a failed refresh the old host is kept; ask again this soon rather than waiting a whole TTL. */
const STALE_RETRY_MS = 60 * 1000;

/**
 * A Domain API client with a per-service cache. A failed refresh keeps serving the last good host
 * (LivePerson moves hosts rarely; a CSDS hiccup must not stop polling) and logs why.
 */
export function createDomainResolver(options: DomainResolverOptions): DomainResolver {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  // Discovered hosts come without a scheme: LivePerson's are https; a Domain API reached over
  // plain http (a local fake or the simulator) hands out plain-http hosts.
  const scheme = options.discoveryScheme ?? (/^http:\/\//i.test(options.csdsUrl) ? 'http' : 'https');
  const cache = new Map<LpService, CacheEntry>();
  const inFlight = new Map<LpService, Promise<string>>();

  const discover = (service: LpService, signal?: AbortSignal): Promise<string> => {
    const url = `${trimSlash(options.csdsUrl)}/api/account/${encodeURIComponent(options.accountId)}/service/${service}/baseURI.json?version=1.0`;
    return callApi(options, {
      api: 'domain',
      method: 'GET',
      url,
      headers: { accept: 'application/json' },
      ...(signal && { signal }),
      logFields: { service },
      read: (res) => withScheme(readBaseUri(jsonBody('domain', res, `Domain API answer for ${service}`), service), scheme),
    });
  };

  const refresh = async (service: LpService, signal?: AbortSignal): Promise<string> => {
    const previous = cache.get(service);
    try {
      const url = await discover(service, signal);
      if (previous && previous.url !== url) options.logger?.info('LivePerson service moved', { service, from: previous.url, to: url });
      cache.set(service, { url, refreshAt: now() + ttl });
      return url;
    } catch (err) {
      if (signal?.aborted || !previous) throw err;
      options.logger?.warn('Domain API refresh failed; keeping the last known host', {
        service,
        url: previous.url,
        error: err instanceof Error ? err.message : String(err),
      });
      cache.set(service, { url: previous.url, refreshAt: now() + Math.min(ttl, STALE_RETRY_MS) });
      return previous.url;
    }
  };

  return {
    forget(service) {
      if (cache.delete(service)) options.logger?.info('dropped a discovered host after a network error; it will be looked up again', { service });
    },
    async baseUrl(service, signal) {
      const configured = options.overrides?.[service];
      if (configured) return trimSlash(configured);
      const cached = cache.get(service);
      if (cached && now() < cached.refreshAt) return cached.url;
      let pending = inFlight.get(service);
      if (!pending) {
        pending = refresh(service, signal).finally(() => inFlight.delete(service));
        inFlight.set(service, pending);
      }
      return pending;
    },
  };
}

/** Reads `{baseURI}`, or the all-services form `{baseURIs:[{service, baseURI}]}`. */
function readBaseUri(json: unknown, service: LpService): string {
  let uri: unknown;
  if (typeof json === 'object' && json !== null) {
    const obj = json as Record<string, unknown>;
    uri = obj['baseURI'];
    if (uri === undefined && Array.isArray(obj['baseURIs'])) {
      const entry = obj['baseURIs'].find((e: unknown) => typeof e === 'object' && e !== null && (e as Record<string, unknown>)['service'] === service);
      uri = (entry as Record<string, unknown> | undefined)?.['baseURI'];
    }
  }
  if (typeof uri !== 'string' || !uri.trim() || /\s/.test(uri.trim())) {
    throw new LivePersonError({ api: 'domain', kind: 'bad_response', message: `Domain API answer for ${service} has no usable baseURI` });
  }
  return uri.trim();
}

function withScheme(baseUri: string, scheme: string): string {
  return trimSlash(/^https?:\/\//i.test(baseUri) ? baseUri : `${scheme}://${baseUri}`);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
