import pLimit from 'p-limit';
import { silentLogger } from '../log.js';
import { allOrAbort, linkAbort } from './abort.js';
import type { Authorizer } from './authorizer.js';
import type { DomainResolver } from './domain.js';
import { LivePersonError } from './errors.js';
import { jsonBody } from './http.js';
import { mergeSkillRecords, parseNhtPage, type ParsedNhtPage } from './parse.js';
import { callApi } from './request.js';
import type { RequestDeps } from './retry.js';
import type { SkillRecord, TimeRange } from './types.js';

/** LivePerson's maximum (and default) page size: pagination is over skills. */
export const NHT_PAGE_SIZE = 10;
/** Bucket size asked for: the exporter reports the latest quarter hour. */
export const NHT_INTERVAL_MINUTES = 15;
/** Safety stop when the count is unknown and pages keep coming full (100,000 skills). */
const MAX_PAGES = 10_000;

/** The collaborators and settings of an NHT client; the settings come validated from the configuration. */
export interface NhtClientOptions extends RequestDeps {
  readonly accountId: string;
  /** The account's credentials, shared with the Skills API client. */
  readonly authorizer: Authorizer;
  /** Finds `leDataReporting` (configured or discovered); shared with the other clients. */
  readonly resolver: DomainResolver;
  /** Only these skills (sent as `skillIds: "1,2,3"`); all skills when empty. */
  readonly skillIds?: readonly string[];
  /** Who is calling, sent as the request body's `source` field (setting LP_SOURCE). */
  readonly originator: string;
  /** Most NHT requests in flight at once, retries included. */
  readonly concurrency: number;
}

export interface NhtClient {
  /**
   * All skills' buckets in the range (a poll's window, or any span for a backfill): page 0 first
   * (it gives the skill count), then the other pages concurrently. Rejects with a LivePersonError
   * naming the failed page's offset (the other pages are then aborted), or with the abort reason
   * when `signal` aborts.
   */
  fetchWindow(range: TimeRange, signal?: AbortSignal): Promise<SkillRecord[]>;
  /** Aborts whatever is in flight; later fetches fail at once. Calling it again is harmless. */
  close(): void;
}

/** Builds an NHT API v2 client; it holds no connections of its own (they belong to `dispatcher`). */
export function createNhtClient(options: NhtClientOptions): NhtClient {
  const { authorizer, resolver } = options;
  const logger = options.logger ?? silentLogger;
  const limit = pLimit(options.concurrency);
  const lifetime = new AbortController();
  const skillIds = options.skillIds?.length ? options.skillIds.join(',') : undefined;

  const fetchPage = (url: string, range: TimeRange, offset: number, signal: AbortSignal): Promise<ParsedNhtPage> => {
    const body = JSON.stringify({
      v: 2,
      source: options.originator,
      fromMillis: range.fromMillis,
      toMillis: range.toMillis,
      interval: NHT_INTERVAL_MINUTES,
      limit: NHT_PAGE_SIZE,
      offset,
      ...(skillIds && { skillIds }),
    });
    return callApi(options, {
      api: 'nht',
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal,
      authorizer,
      // Each attempt takes a limiter slot and gives it back before any retry wait, so `concurrency`
      // bounds the NHT requests in flight, retries included, without idle waits blocking other pages.
      slot: limit,
      logFields: { offset },
      read: (res) => parseNhtPage(jsonBody('nht', res, 'NHT response')),
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

  const fetchAll = async (range: TimeRange, run: AbortController): Promise<SkillRecord[]> => {
    const signal = run.signal;
    const base = await resolver.baseUrl('leDataReporting', signal);
    const url = `${base}/operations/api/account/${encodeURIComponent(options.accountId)}/nht`;
    const first = await fetchPage(url, range, 0, signal);
    const pages: ParsedNhtPage[] = [first];
    if (first.countKnown) {
      const offsets: number[] = [];
      for (let offset = NHT_PAGE_SIZE; offset < first.count && offsets.length < MAX_PAGES; offset += NHT_PAGE_SIZE) offsets.push(offset);
      pages.push(...(await allOrAbort(offsets.map((offset) => fetchPage(url, range, offset, signal)), run)));
    } else {
      // Without a count, walk pages one by one until one comes back short.
      let last = first;
      for (let n = 1; n < MAX_PAGES && last.skills.length + last.droppedSkills >= NHT_PAGE_SIZE; n += 1) {
        last = await fetchPage(url, range, n * NHT_PAGE_SIZE, signal);
        pages.push(last);
      }
    }
    const skills = mergeSkillRecords(pages.flatMap((p) => p.skills));
    logger.debug('NHT window fetched', { pages: pages.length, count: first.count, skills: skills.length });
    return skills;
  };

  return {
    async fetchWindow(range, signal) {
      checkRange(range);
      const run = new AbortController();
      const unlink = linkAbort(run, [lifetime.signal, signal]);
      try {
        return await fetchAll(range, run);
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
      if (!lifetime.signal.aborted) lifetime.abort(new DOMException('NHT client closed', 'AbortError'));
    },
  };
}

function checkRange(range: TimeRange): void {
  if (!Number.isFinite(range.fromMillis) || !Number.isFinite(range.toMillis) || range.fromMillis >= range.toMillis) {
    throw new RangeError(`time range must have fromMillis < toMillis, got ${range.fromMillis}..${range.toMillis}`);
  }
}
