import pLimit from 'p-limit';
import { silentLogger } from '../log.js';
import { linkAbort } from './abort.js';
import type { Authorizer } from './authorizer.js';
import type { DomainResolver } from './domain.js';
import { LivePersonError, type LivePersonErrorKind } from './errors.js';
import { jsonBody } from './http.js';
import { mergeSkillRecords, PAGE_LIMITS, parseNhtPage, type PageLimits, type ParsedNhtPage } from './parse.js';
import { PollPages } from './poll-pages.js';
import { MAX_ANSWER_BYTES } from './read-body.js';
import { callApi } from './request.js';
import { formatWait, type RequestDeps } from './retry.js';
import { PollStore } from '../translate/poll-store.js';
import { QUARTER_MS, type PollWindow, type SkillRecord, type TimeRange } from './types.js';

/** LivePerson's maximum (and default) page size: pagination is over skills. */
export const NHT_PAGE_SIZE = 10;
/** Bucket size asked for: the exporter reports the latest quarter hour. */
export const NHT_INTERVAL_MINUTES = 15;
/** The default ceiling on the skills of one poll (setting NHT_MAX_SKILLS): 2,000 pages. */
export const DEFAULT_MAX_SKILLS = 20_000;
/** The longest period LivePerson answers in one query. */
export const NHT_MAX_RANGE_MS = 7 * 24 * 3_600_000;

/** One page of a range fetch, handed over as it arrives. */
export interface RangePage {
  readonly offset: number;
  /** Pages the whole range takes (from page 0's skill count; 1 when LivePerson sends none). */
  readonly pages: number;
  readonly skills: readonly SkillRecord[];
}

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
  /**
   * Most skills one poll may fetch (default {@link DEFAULT_MAX_SKILLS}): a larger count on page 0
   * fails the poll before any other page is asked for, and a walk without a count stops there.
   */
  readonly maxSkills?: number;
}

export interface FetchOptions {
  /**
   * Epoch ms (by the client's clock) by which the fetch must be over. A Retry-After that would
   * outlast it fails the fetch at once; failed pages get their second chance only before it.
   */
  readonly deadline?: number;
}

export interface NhtClient {
  /**
   * All skills' buckets in the range (a poll's window, or any span for a backfill): page 0 first
   * (it gives the skill count), then the other pages concurrently. Rejects with a LivePersonError
   * naming the failed page's offset (the other pages are then aborted), or with the abort reason
   * when `signal` aborts.
   */
  fetchWindow(range: TimeRange, signal?: AbortSignal, fetchOptions?: FetchOptions): Promise<SkillRecord[]>;
  /**
   * A poll: the window's pages as {@link fetchWindow} fetches them, each packed into a
   * {@link PollStore} as it arrives and then let go, so that a poll of many skills never holds
   * all its pages as parsed objects.
   */
  fetchPoll(window: PollWindow, signal?: AbortSignal, fetchOptions?: FetchOptions): Promise<PollStore>;
  /**
   * Every page of a range of at most one week, each handed to `onPage` as it arrives and not
   * kept, so a backfill can go through weeks of history without holding them. Same paging,
   * limits, retries, second chances and errors as {@link fetchWindow}.
   */
  fetchRange(range: TimeRange, onPage: (page: RangePage) => void, signal?: AbortSignal): Promise<void>;
  /**
   * Only the range's first page: enough to learn whether LivePerson answers these credentials and
   * how many skills the account has (`check-config --online`), without paging a large account.
   */
  fetchFirstPage(range: TimeRange, signal?: AbortSignal): Promise<{ readonly count: number | undefined; readonly skills: number }>;
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

  const now = options.now ?? Date.now;
  const maxSkills = options.maxSkills ?? DEFAULT_MAX_SKILLS;

  const fetchPage = (
    url: string,
    range: TimeRange,
    offset: number,
    signal: AbortSignal,
    deadline: number | undefined,
    pages?: PollPages,
    wanted?: (start: number) => boolean,
    handOver?: (page: ParsedNhtPage) => ParsedNhtPage,
  ): Promise<ParsedNhtPage> => {
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
    const limits = pageLimits(range);
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
      ...(deadline !== undefined && { deadline }),
      ...(pages && { onRetry: (kind: LivePersonErrorKind) => pages.retried(kind) }),
      maxBytes: limits.maxBytes,
      read: (res) => {
        const parsed = parseNhtPage(jsonBody('nht', res, 'NHT response'), limits, wanted);
        return handOver ? handOver(parsed) : parsed;
      },
    }).catch((err: unknown) => {
      if (err instanceof LivePersonError && !signal.aborted) {
        if (err.kind === 'network_error') resolver.forget?.('leDataReporting');
        throw err.with({ offset, message: `NHT page at offset ${offset} failed: ${err.message}` });
      }
      throw err;
    });
  };

  const nhtUrl = async (signal: AbortSignal): Promise<string> =>
    `${await resolver.baseUrl('leDataReporting', signal)}/operations/api/account/${encodeURIComponent(options.accountId)}/nht`;

  /** Logs what the poll's pages met, one line per kind of problem, and counts the inconsistencies. */
  const reportPoll = (pages: PollPages): void => {
    const report = pages.report();
    for (const line of report.warnings) logger.warn(line.message, line.fields);
    for (const [kind, count] of report.inconsistencies) options.observer?.inconsistent?.(kind, count);
  };

  const fetchAll = async (
    range: TimeRange,
    run: AbortController,
    deadline: number | undefined,
    onPage?: (page: RangePage) => void,
    wanted?: (start: number) => boolean,
  ): Promise<SkillRecord[]> => {
    const signal = run.signal;
    let total = 1;
    const pages = new PollPages({
      maxSkills,
      pageSize: NHT_PAGE_SIZE,
      now,
      ...(deadline !== undefined && { deadline }),
      ...(onPage && { onPage: (offset: number, p: ParsedNhtPage) => onPage({ offset, pages: total, skills: p.skills }) }),
    });
    try {
      const url = await nhtUrl(signal);
      const page = (offset: number): Promise<ParsedNhtPage> => fetchPage(url, range, offset, signal, deadline, pages, wanted);
      // Pages fetched together are handed over as they are read (see PollPages.fetchAll).
      const handedPage = (offset: number): Promise<ParsedNhtPage> =>
        fetchPage(url, range, offset, signal, deadline, pages, wanted, (p) => pages.handOver(offset, p));
      const first = await pages.withSecondChance(0, page, signal);
      if (first.countKnown) total = Math.max(1, Math.ceil(Math.min(first.count, maxSkills) / NHT_PAGE_SIZE));
      pages.add(0, first);
      if (first.countKnown) {
        pages.checkCount(first.count);
        const offsets: number[] = [];
        for (let offset = NHT_PAGE_SIZE; offset < first.count; offset += NHT_PAGE_SIZE) offsets.push(offset);
        await pages.fetchAll(offsets, handedPage, run);
      } else {
        // Without a count, walk page by page until one comes back short, or repeats skills already seen.
        let last = first;
        for (let offset = NHT_PAGE_SIZE; last.skills.length + last.droppedSkills >= NHT_PAGE_SIZE; offset += NHT_PAGE_SIZE) {
          pages.checkWalk(offset);
          last = await pages.withSecondChance(offset, page, signal);
          if (!pages.add(offset, last)) break;
        }
      }
      // Pages handed over keep only their skill ids: nothing to merge, and no caller reads them.
      if (onPage) {
        logger.debug('NHT window fetched', { pages: pages.size, count: first.count });
        return [];
      }
      const skills = mergeSkillRecords(pages.records());
      logger.debug('NHT window fetched', { pages: pages.size, count: first.count, skills: skills.length });
      return skills;
    } finally {
      // Failed or not, what the pages met is logged once.
      reportPoll(pages);
    }
  };

  /**
   * Fetches a window by its deadline; with `onPage`, the pages are handed over and nothing is
   * returned; with `wanted`, only the buckets it accepts are read.
   */
  const fetchUntil = async (
    range: TimeRange,
    signal: AbortSignal | undefined,
    fetchOptions: FetchOptions,
    onPage?: (page: RangePage) => void,
    wanted?: (start: number) => boolean,
  ): Promise<SkillRecord[]> => {
    checkRange(range);
    const run = new AbortController();
    const unlink = linkAbort(run, [lifetime.signal, signal]);
    const { deadline } = fetchOptions;
    // The deadline by the wall clock too, so that a page in flight cannot hold the poll past it.
    const started = now();
    const timer = deadline === undefined ? undefined : setTimeout(() => run.abort(deadlinePassed(deadline - started)), Math.max(0, deadline - started));
    try {
      return await fetchAll(range, run, deadline, onPage, wanted);
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (lifetime.signal.aborted) throw lifetime.signal.reason;
      throw err;
    } finally {
      clearTimeout(timer);
      unlink();
      run.abort(); // nothing of this fetch may outlive it
    }
  };

  return {
    async fetchRange(range, onPage, signal) {
      checkRange(range);
      if (range.toMillis - range.fromMillis > NHT_MAX_RANGE_MS) {
        throw new RangeError(`NHT range must span at most one week, got ${range.fromMillis}..${range.toMillis}`);
      }
      await fetchUntil(range, signal, {}, onPage);
    },
    fetchWindow(range, signal, fetchOptions = {}) {
      return fetchUntil(range, signal, fetchOptions);
    },
    async fetchPoll(window, signal, fetchOptions = {}) {
      const store = new PollStore(window);
      await fetchUntil(
        window,
        signal,
        fetchOptions,
        (page) => {
          if (page.offset === 0) store.reserve(page.pages * NHT_PAGE_SIZE);
          store.add(page.offset, page.skills);
        },
        (start) => store.reads(start),
      );
      return store;
    },
    async fetchFirstPage(range, signal) {
      checkRange(range);
      const run = new AbortController();
      const unlink = linkAbort(run, [lifetime.signal, signal]);
      try {
        const page = await fetchPage(await nhtUrl(run.signal), range, 0, run.signal, undefined);
        return { count: page.countKnown ? page.count : undefined, skills: page.skills.length };
      } finally {
        unlink();
        run.abort();
      }
    },
    close() {
      if (!lifetime.signal.aborted) lifetime.abort(new DOMException('NHT client closed', 'AbortError'));
    },
  };
}

/**
 * What a page for `range` may hold: a poll's window keeps the fixed poll limits; a longer range
 * (history) allows its own 15-minute buckets plus one, and bytes in proportion (an NHT bucket is
 * about 300 bytes of JSON; 1 KiB each leaves room for any spelling).
 */
function pageLimits(range: TimeRange): PageLimits & { maxBytes: number } {
  const maxBuckets = Math.max(PAGE_LIMITS.maxBuckets, Math.floor((range.toMillis - range.fromMillis) / QUARTER_MS) + 1);
  return { ...PAGE_LIMITS, maxBuckets, maxBytes: Math.max(MAX_ANSWER_BYTES.nht, PAGE_LIMITS.maxSkills * maxBuckets * 1024) };
}

function deadlinePassed(budgetMs: number): LivePersonError {
  return new LivePersonError({ api: 'nht', kind: 'timeout', final: true, message: `NHT poll stopped at its deadline, after ${formatWait(budgetMs)}` });
}

function checkRange(range: TimeRange): void {
  if (!Number.isFinite(range.fromMillis) || !Number.isFinite(range.toMillis) || range.fromMillis >= range.toMillis) {
    throw new RangeError(`time range must have fromMillis < toMillis, got ${range.fromMillis}..${range.toMillis}`);
  }
}
