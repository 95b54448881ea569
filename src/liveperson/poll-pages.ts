/**
 * The pages of one poll: how many may be asked for, which get a second chance, and how they
 * disagree with each other. Every kind of problem is summed up once per poll, never per page.
 */
import type { LogFields } from '../log.js';
import { LivePersonError, type LivePersonErrorKind } from './errors.js';
import { MAX_PROBLEMS, type ParsedNhtPage } from './parse.js';
import type { PageInconsistency } from './retry.js';
import type { SkillRecord } from './types.js';

export interface PollPagesOptions {
  /** Most skills one poll may fetch (NHT_MAX_SKILLS). */
  readonly maxSkills: number;
  readonly pageSize: number;
  readonly now: () => number;
  /** Epoch ms by which the poll must be over; second chances are given only before it. */
  readonly deadline?: number;
  /**
   * Hands each page over as it is kept, which then keeps only its skill ids (for the checks and
   * the report): a backfill streams weeks of buckets through without holding them.
   */
  readonly onPage?: (offset: number, page: ParsedNhtPage) => void;
}

export interface PollReport {
  readonly warnings: ReadonlyArray<{ readonly message: string; readonly fields: LogFields }>;
  readonly inconsistencies: ReadonlyMap<PageInconsistency, number>;
}

type Fetch = (offset: number) => Promise<ParsedNhtPage>;

/** Failures another attempt may cure: not a 400 or 403, not a rejected credential. */
const TRANSIENT: ReadonlySet<LivePersonErrorKind> = new Set(['throttled', 'server_error', 'timeout', 'network_error', 'bad_response']);

/** Examples quoted per kind of problem in the poll's one log line. */
const EXAMPLES = 5;

export class PollPages {
  private readonly pages = new Map<number, ParsedNhtPage>();
  /** Skills seen so far by the walk without a count, which adds pages in offset order. */
  private readonly walked = new Set<string>();
  private repeatedAt: number | undefined;
  private secondChances = 0;
  private recovered = 0;
  private readonly retries = new Map<LivePersonErrorKind, number>();

  constructor(private readonly options: PollPagesOptions) {}

  /** A request of this poll was retried (summed up in the poll's one line about retries). */
  retried(kind: LivePersonErrorKind): void {
    this.retries.set(kind, (this.retries.get(kind) ?? 0) + 1);
  }

  get size(): number {
    return this.pages.size;
  }

  /**
   * Keeps a page. Returns false, and keeps nothing, for a page whose skills were all seen on
   * earlier pages: a server that ignores `offset` would otherwise be walked to the ceiling.
   */
  add(offset: number, page: ParsedNhtPage): boolean {
    if (offset > 0 && page.skills.length > 0 && page.skills.every((s) => this.walked.has(s.skillId))) {
      this.repeatedAt ??= offset;
      return false;
    }
    for (const s of page.skills) this.walked.add(s.skillId);
    this.keep(offset, page);
    return true;
  }

  /**
   * Hands a page to `onPage`, if any, and returns what is kept of it: with `onPage`, its skill ids
   * alone. The fetch given to {@link fetchAll} calls this as it reads each page (see there).
   */
  handOver(offset: number, page: ParsedNhtPage): ParsedNhtPage {
    const hand = this.options.onPage;
    if (!hand) return page;
    hand(offset, page);
    return { ...page, skills: page.skills.map((s) => ({ skillId: s.skillId, buckets: [] })) };
  }

  private keep(offset: number, page: ParsedNhtPage, handed = false): void {
    this.pages.set(offset, handed ? page : this.handOver(offset, page));
  }

  /** Fails the poll, before any other page is asked for, when page 0 counts more skills than allowed. */
  checkCount(count: number): void {
    if (count <= this.options.maxSkills) return;
    const pages = Math.ceil(count / this.options.pageSize);
    throw new LivePersonError({
      api: 'nht',
      kind: 'bad_response',
      final: true,
      message: `LivePerson reports ${count} skills (${pages} pages), more than NHT_MAX_SKILLS (${this.options.maxSkills}); no other page was asked for. Raise NHT_MAX_SKILLS if the account really has that many skills`,
    });
  }

  /** Fails a walk without a count that reaches the ceiling. */
  checkWalk(offset: number): void {
    if (offset < this.options.maxSkills) return;
    throw new LivePersonError({
      api: 'nht',
      kind: 'bad_response',
      final: true,
      message: `LivePerson sent no skill count and kept sending full pages up to NHT_MAX_SKILLS (${this.options.maxSkills}) skills; stopped paging there`,
    });
  }

  /** Fetches one page; if it fails after its retries with a failure time may cure, asks once more while the deadline allows. */
  async withSecondChance(offset: number, fetch: Fetch, signal?: AbortSignal): Promise<ParsedNhtPage> {
    try {
      return await fetch(offset);
    } catch (err) {
      if (!this.worthASecondChance(err, signal)) throw err;
      this.secondChances += 1;
      try {
        const page = await fetch(offset);
        this.recovered += 1;
        return page;
      } catch (again) {
        throw again instanceof LivePersonError && !again.final ? again.with({ message: `${again.message} (its second chance failed too)` }) : again;
      }
    }
  }

  /**
   * Fetches the pages at `offsets` concurrently (the client's limiter bounds them). A page that
   * fails with a failure time may cure is set aside; once every other page is in, each gets its
   * second chance. Any other failure aborts the rest at once and is the one reported.
   *
   * `fetch` hands each page over ({@link handOver}) as it reads it and resolves with what is
   * kept. All the pages' promises are made at the start and live long enough to be promoted to
   * V8's old generation: a page's buckets resolved into them would be promoted too (about 15 kB a
   * page, 30 MB a poll of 2,000 pages), where handed over at once they die young.
   */
  async fetchAll(offsets: readonly number[], fetch: Fetch, run: AbortController): Promise<void> {
    let fatal: { err: unknown } | undefined;
    const setAside: number[] = [];
    const onFailure = (offset: number, err: unknown): void => {
      if (fatal) return;
      if (this.worthASecondChance(err, run.signal)) {
        setAside.push(offset);
        return;
      }
      fatal = { err };
      run.abort(err);
    };
    await Promise.all(offsets.map((offset) => fetch(offset).then((page) => this.keep(offset, page, true), (err: unknown) => onFailure(offset, err))));
    if (fatal) throw fatal.err;
    if (setAside.length === 0) return;
    this.secondChances += setAside.length;
    let failed: { err: unknown } | undefined;
    await Promise.all(
      setAside.map((offset) =>
        fetch(offset).then(
          (page) => {
            this.recovered += 1;
            this.keep(offset, page, true);
          },
          (err: unknown) => {
            if (failed) return;
            failed = { err: err instanceof LivePersonError && !err.final ? err.with({ message: `${err.message} (its second chance failed too)` }) : err };
            run.abort(failed.err);
          },
        ),
      ),
    );
    if (failed) throw failed.err;
  }

  /** The skills of every page, in offset order: for a skill on two pages, the later page's buckets win. */
  records(): SkillRecord[] {
    return this.ordered().flatMap(([, page]) => page.skills);
  }

  /** One line per kind of problem met in the poll, and the inconsistencies to count. */
  report(): PollReport {
    const warnings: Array<{ message: string; fields: LogFields }> = [];
    const inconsistencies = new Map<PageInconsistency, number>();
    const ordered = this.ordered();
    const firstCount = ordered[0]?.[1].countKnown ? ordered[0][1].count : undefined;

    const seenAt = new Map<string, number>();
    const duplicates: string[] = [];
    let duplicateCount = 0;
    const counts: string[] = [];
    let countChanges = 0;
    let droppedSkills = 0;
    let droppedBuckets = 0;
    let pagesWithProblems = 0;
    const problems: string[] = [];
    for (const [offset, page] of ordered) {
      for (const s of page.skills) {
        const earlier = seenAt.get(s.skillId);
        if (earlier !== undefined && earlier !== offset) {
          duplicateCount += 1;
          if (duplicates.length < EXAMPLES) duplicates.push(`skill ${s.skillId} at offsets ${earlier} and ${offset}`);
        } else seenAt.set(s.skillId, offset);
      }
      if (firstCount !== undefined && page.countKnown && page.count !== firstCount) {
        countChanges += 1;
        if (counts.length < EXAMPLES) counts.push(`offset ${offset}: ${page.count}`);
      }
      if (page.problems.length || page.droppedSkills || page.droppedBuckets) {
        pagesWithProblems += 1;
        droppedSkills += page.droppedSkills;
        droppedBuckets += page.droppedBuckets;
        for (const p of page.problems) if (problems.length < MAX_PROBLEMS) problems.push(`offset ${offset}: ${p}`);
      }
    }
    if (pagesWithProblems) {
      warnings.push({ message: 'NHT pages had unusable entries; they were skipped', fields: { pages: pagesWithProblems, droppedSkills, droppedBuckets, problems } });
    }
    if (duplicateCount) {
      inconsistencies.set('duplicate_skill', duplicateCount);
      warnings.push({
        message: 'NHT pages repeated skills of other pages; their buckets were merged, the later page winning',
        fields: { duplicates: duplicateCount, examples: duplicates },
      });
    }
    if (countChanges) {
      inconsistencies.set('count_changed', countChanges);
      warnings.push({
        message: "NHT pages disagreed on the skill count; page 0's count decided the pages asked for",
        fields: { count: firstCount, pages: countChanges, examples: counts },
      });
    }
    if (this.repeatedAt !== undefined) {
      inconsistencies.set('repeated_page', 1);
      warnings.push({
        message: 'an NHT page repeated only skills already seen (LivePerson seems to ignore offset); stopped paging there',
        fields: { offset: this.repeatedAt, skills: this.walked.size },
      });
    }
    if (this.retries.size) {
      const byReason = Object.fromEntries(this.retries);
      warnings.push({ message: 'NHT requests were retried', fields: { retries: [...this.retries.values()].reduce((a, b) => a + b, 0), by_reason: byReason } });
    }
    if (this.secondChances) {
      warnings.push({ message: 'NHT pages failed after their retries and were asked once more', fields: { pages: this.secondChances, recovered: this.recovered } });
    }
    return { warnings, inconsistencies };
  }

  private ordered(): Array<[number, ParsedNhtPage]> {
    return [...this.pages].sort((a, b) => a[0] - b[0]);
  }

  private worthASecondChance(err: unknown, signal: AbortSignal | undefined): boolean {
    if (signal?.aborted || !(err instanceof LivePersonError) || err.final || !TRANSIENT.has(err.kind)) return false;
    return this.options.deadline === undefined || this.options.now() < this.options.deadline;
  }
}
