import pLimit from 'p-limit';
import { Agent, type Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../log.js';
import { allOrAbort, linkAbort } from './abort.js';
import { createAuthorizer, type AuthConfig, type Authorizer } from './auth.js';
import { createDomainResolver, type DomainResolver } from './domain.js';
import { LivePersonError } from './errors.js';
import { httpRequest, statusError } from './http.js';
import { mergeSkillRecords, parseNhtPage, type ParsedNhtPage } from './parse.js';
import { defaultSleep, observed, withRetry, type LivePersonObserver, type RetryPolicy, type Sleep } from './retry.js';
import type { PollWindow, SkillRecord } from './types.js';

/** LivePerson's maximum (and default) page size: pagination is over skills. */
export const NHT_PAGE_SIZE = 10;
/** Bucket size asked for: the exporter reports the latest quarter hour. */
export const NHT_INTERVAL_MINUTES = 15;
const DEFAULT_CSDS_URL = 'https://api.liveperson.net';
/** Safety stop when the count is unknown and pages keep coming full (100,000 skills). */
const MAX_PAGES = 10_000;

export interface NhtClientOptions {
  readonly accountId: string;
  /** A ready authorizer (e.g. shared with a Skills API client) ... */
  readonly authorizer?: Authorizer;
  /** ... or the credentials to build one; exactly one of the two. */
  readonly auth?: AuthConfig;
  /** Domain API base URL (default https://api.liveperson.net). */
  readonly csdsUrl?: string;
  /** Scheme for discovered hosts: https (default), or http for the simulator. */
  readonly discoveryScheme?: 'https' | 'http';
  /** NHT base URL; discovered (service leDataReporting) when empty. */
  readonly nhtBaseUrl?: string;
  /** OAuth 2.0 token base URL; discovered (service sentinel) when empty. */
  readonly sentinelBaseUrl?: string;
  /** A resolver to share with other clients; one is built from the options above otherwise. */
  readonly domainResolver?: DomainResolver;
  readonly domainTtlMs?: number;
  /** Only these skills (sent as `skillIds: "1,2,3"`); all skills when empty. */
  readonly skillIds?: readonly string[];
  /** `source` of every request: at most 20 characters. */
  readonly source: string;
  /** Per-request timeout, ms. */
  readonly requestTimeout: number;
  /** Most NHT requests in flight at once, retries included. */
  readonly concurrency: number;
  readonly maxRetries: number;
  /** 500/503, timeouts, network errors, malformed bodies: wait retryDelay × attempt, ms. */
  readonly retryDelay: number;
  /** 429: wait at least this, ms (longer when Retry-After says so). */
  readonly throttleDelay: number;
  /** Cap on a honoured Retry-After, ms (default 5 minutes). */
  readonly maxRetryAfter?: number;
  readonly logger?: Logger;
  readonly observer?: LivePersonObserver;
  readonly sleep?: Sleep;
  /** Clock, epoch ms (token expiry, Retry-After dates, domain cache). */
  readonly now?: () => number;
  /** undici dispatcher to use; the client creates (and closes) its own Agent otherwise. */
  readonly dispatcher?: Dispatcher;
}

export interface NhtClient {
  /**
   * All skills' buckets for the window: page 0 first (it gives the skill count), then the other
   * pages concurrently. Rejects with a LivePersonError naming the failed page's offset (the other
   * pages are then aborted), or with the abort reason when `signal` aborts.
   */
  fetchWindow(window: PollWindow, signal?: AbortSignal): Promise<SkillRecord[]>;
  /** Aborts whatever is in flight and closes the connections the client opened; calling it again is harmless. */
  close(): Promise<void>;
}

/** Builds an NHT API v2 client; throws a plain Error naming the first invalid option. */
export function createNhtClient(options: NhtClientOptions): NhtClient {
  validate(options);
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const ownAgent = options.dispatcher
    ? undefined
    : new Agent({ headersTimeout: options.requestTimeout, bodyTimeout: options.requestTimeout });
  const dispatcher = options.dispatcher ?? ownAgent;
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries,
    retryDelayMs: options.retryDelay,
    throttleDelayMs: options.throttleDelay,
    ...(options.maxRetryAfter !== undefined && { maxRetryAfterMs: options.maxRetryAfter }),
  };
  const shared = {
    timeoutMs: options.requestTimeout,
    retry: policy,
    sleep,
    logger,
    ...(dispatcher && { dispatcher }),
    ...(options.observer && { observer: options.observer }),
    ...(options.now && { now: options.now }),
  };
  const resolver =
    options.domainResolver ??
    createDomainResolver({
      ...shared,
      accountId: options.accountId,
      csdsUrl: options.csdsUrl || DEFAULT_CSDS_URL,
      ...(options.discoveryScheme && { discoveryScheme: options.discoveryScheme }),
      ...(options.domainTtlMs !== undefined && { ttlMs: options.domainTtlMs }),
      overrides: { leDataReporting: options.nhtBaseUrl, sentinel: options.sentinelBaseUrl },
    });
  const authorizer =
    options.authorizer ?? createAuthorizer(options.auth!, { ...shared, accountId: options.accountId, resolver });
  const limit = pLimit(options.concurrency);
  const lifetime = new AbortController();
  let closing: Promise<void> | undefined;
  const skillIds = options.skillIds?.length ? options.skillIds.join(',') : undefined;
  const now = options.now ?? Date.now;

  const fetchPage = (url: string, window: PollWindow, offset: number, signal: AbortSignal): Promise<ParsedNhtPage> => {
    const body = JSON.stringify({
      v: 2,
      source: options.source,
      fromMillis: window.fromMillis,
      toMillis: window.toMillis,
      interval: NHT_INTERVAL_MINUTES,
      limit: NHT_PAGE_SIZE,
      offset,
      ...(skillIds && { skillIds }),
    });
    let sentHeader: string | undefined;
    // Each attempt takes a limiter slot and gives it back before any retry wait, so `concurrency`
    // bounds the NHT requests in flight, retries included, without idle waits blocking other pages.
    const attempt = (): Promise<ParsedNhtPage> =>
      limit(async () => {
        signal.throwIfAborted();
        const authorization = await authorizer.header('POST', url, signal);
        sentHeader = authorization;
        return observed('nht', options.observer, async () => {
          const res = await httpRequest({
            api: 'nht',
            method: 'POST',
            url,
            headers: { 'content-type': 'application/json', accept: 'application/json', authorization },
            body,
            timeoutMs: options.requestTimeout,
            signal,
            ...(dispatcher && { dispatcher }),
          });
          if (res.status < 200 || res.status > 299) throw statusError('nht', res, now());
          let json: unknown;
          try {
            json = JSON.parse(res.text);
          } catch {
            throw new LivePersonError({
              api: 'nht',
              kind: 'bad_response',
              status: res.status,
              message: `NHT response is not valid JSON (${res.text.length} bytes)`,
            });
          }
          return parseNhtPage(json);
        });
      });
    return withRetry(attempt, {
      api: 'nht',
      policy,
      sleep,
      signal,
      logger,
      logFields: { offset },
      ...(options.observer && { observer: options.observer }),
      onUnauthorized: () => {
        if (!authorizer.refreshable) return false;
        authorizer.invalidate(sentHeader);
        return true;
      },
    }).then(
      (page) => {
        if (page.problems.length) {
          logger.warn('NHT page had unusable entries; they were skipped', {
            offset,
            droppedSkills: page.droppedSkills,
            droppedBuckets: page.droppedBuckets,
            problems: page.problems,
          });
        }
        return page;
      },
      (err: unknown) => {
        if (err instanceof LivePersonError && !signal.aborted) {
          throw err.with({ offset, message: `NHT page at offset ${offset} failed: ${err.message}` });
        }
        throw err;
      },
    );
  };

  const fetchAll = async (window: PollWindow, run: AbortController): Promise<SkillRecord[]> => {
    const signal = run.signal;
    const base = await resolver.baseUrl('leDataReporting', signal);
    const url = `${base}/operations/api/account/${encodeURIComponent(options.accountId)}/nht`;
    const first = await fetchPage(url, window, 0, signal);
    const pages: ParsedNhtPage[] = [first];
    if (first.countKnown) {
      const offsets: number[] = [];
      for (let offset = NHT_PAGE_SIZE; offset < first.count && offsets.length < MAX_PAGES; offset += NHT_PAGE_SIZE) offsets.push(offset);
      pages.push(...(await allOrAbort(offsets.map((offset) => fetchPage(url, window, offset, signal)), run)));
    } else {
      // Without a count, walk pages one by one until one comes back short.
      let last = first;
      for (let n = 1; n < MAX_PAGES && last.skills.length + last.droppedSkills >= NHT_PAGE_SIZE; n += 1) {
        last = await fetchPage(url, window, n * NHT_PAGE_SIZE, signal);
        pages.push(last);
      }
    }
    const skills = mergeSkillRecords(pages.flatMap((p) => p.skills));
    logger.debug('NHT window fetched', { pages: pages.length, count: first.count, skills: skills.length });
    return skills;
  };

  return {
    async fetchWindow(window, signal) {
      checkWindow(window);
      const run = new AbortController();
      const unlink = linkAbort(run, [lifetime.signal, signal]);
      try {
        return await fetchAll(window, run);
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (lifetime.signal.aborted) throw lifetime.signal.reason;
        throw err;
      } finally {
        unlink();
        run.abort(); // nothing of this fetch may outlive it
      }
    },
    close() {
      if (!closing) {
        lifetime.abort(new DOMException('NHT client closed', 'AbortError'));
        closing = ownAgent ? ownAgent.close() : Promise.resolve();
      }
      return closing;
    },
  };
}

function checkWindow(window: PollWindow): void {
  if (!Number.isFinite(window.fromMillis) || !Number.isFinite(window.toMillis) || window.fromMillis >= window.toMillis) {
    throw new RangeError(`poll window must have fromMillis < toMillis, got ${window.fromMillis}..${window.toMillis}`);
  }
}

function validate(o: NhtClientOptions): void {
  const fail = (message: string): never => {
    throw new Error(`NHT client: ${message}`);
  };
  if (!o.accountId) fail('accountId must not be empty');
  if ((o.authorizer === undefined) === (o.auth === undefined)) fail('give exactly one of authorizer and auth');
  if (!o.source || o.source.length > 20) fail('source must be 1 to 20 characters');
  if (!Number.isInteger(o.concurrency) || o.concurrency < 1) fail('concurrency must be an integer of at least 1');
  if (!Number.isInteger(o.maxRetries) || o.maxRetries < 0) fail('maxRetries must be an integer of at least 0');
  if (!(o.requestTimeout > 0)) fail('requestTimeout must be greater than 0');
  if (!(o.retryDelay >= 0) || !(o.throttleDelay >= 0)) fail('retryDelay and throttleDelay must not be negative');
  if (o.skillIds?.some((id) => !/^\d+$/.test(id))) fail('skillIds must be digits only');
}
