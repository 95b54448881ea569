import type { Logger } from '../log.js';
import { QUARTER_MS, type PollWindow } from '../liveperson/types.js';
import type { Snapshot } from '../snapshot.js';
import { Schedule } from '../scheduler.js';
import { runInSlices } from '../slices.js';
import type { PollStore } from '../translate/poll-store.js';
import type { Problem, Translation } from '../translate/translate.js';
import { nextPollAt, pollWindow } from './schedule.js';

/** How much of a gap to wait before a backfill of it can go into Prometheus: its head block. */
const HEAD_MS = 3 * 3_600_000;

/**
 * The command that fills what failed polls left out: the instants from the first failed poll to
 * the first good one again. Undefined when no quarter went unserved (failures within the polls
 * of one quarter cost nothing: the next poll served the same values).
 */
export function gapBackfill(failingSince: number, lastServedQuarter: number, recovered: PollWindow, at: number): { from: string; to: string; command: string; runAfter: string } | undefined {
  if (recovered.quarterStart - lastServedQuarter <= QUARTER_MS) return undefined;
  const from = new Date(failingSince).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const to = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    from,
    to,
    command: `liveperson-nht-exporter backfill --from ${from} --to ${to} --blocks <dir>`,
    runAfter: new Date(at + HEAD_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

/** What a poll reads its records with: the LivePerson NHT client, or a test double (PollStore.of packs records). */
export interface NhtReader {
  /** `deadline`: epoch ms by which the fetch must be over (no retry wait may run past it). */
  fetchPoll(window: PollWindow, signal?: AbortSignal, options?: { readonly deadline?: number }): Promise<PollStore>;
}

/** Told how every poll ended: the exporter's own metrics count them. */
export interface PollObserver {
  /** A poll started at `at` (epoch ms): it is in progress until pollSucceeded or pollFailed. */
  pollStarted?(at: number): void;
  /** A poll had not finished by its deadline. */
  pollOverran?(): void;
  pollSucceeded(snapshot: Snapshot, seconds: number, problems: readonly Problem[]): void;
  pollFailed(seconds: number): void;
}

export interface PollResult {
  readonly ok: boolean;
  readonly at: number;
  readonly error?: string;
}

export interface PollerOptions {
  readonly client: NhtReader;
  readonly accountId: string;
  readonly interval: number;
  readonly settleDelay: number;
  readonly logger: Logger;
  readonly metrics: PollObserver;
  /**
   * Awaited with each snapshot before it is published, so that the /metrics side can render it
   * in slices while the last one is still served; a rejection fails the poll.
   */
  readonly onSnapshot?: (snapshot: Snapshot) => void | Promise<void>;
  readonly now?: () => number;
  /** Longest a poll may take, ms (NHT_POLL_DEADLINE); 0 or undefined: the interval less 5 s. */
  readonly deadline?: number;
}

/** With the default deadline, a poll ends this long before a whole interval has passed. */
export const DEADLINE_MARGIN_MS = 5_000;

/**
 * The deadline of a poll started at `started`: the setting when given, else the poll interval
 * less {@link DEADLINE_MARGIN_MS}, so that a poll on the schedule ends before the next one is due.
 * (Not the next grid slot itself: the first poll starts off the grid, maybe just before a slot.)
 */
export function pollDeadline(started: number, options: Pick<PollerOptions, 'deadline' | 'interval'>): number {
  if (options.deadline) return started + options.deadline;
  return started + Math.max(1_000, options.interval - DEADLINE_MARGIN_MS);
}

/** Bad values logged one by one per poll; the rest are summed up in one line. */
const MAX_PROBLEM_LOGS = 20;

/**
 * Polls on a fixed cadence, one poll at a time: the next is scheduled only when the last has
 * finished. A failed poll keeps the last published data.
 */
export class Poller {
  private published: Snapshot | undefined;
  private last: PollResult | undefined;
  private readonly schedule: Schedule<boolean>;
  /** Start of the first of the polls that have failed since the last success. */
  private failingSince: number | undefined;
  private readonly now: () => number;
  /** Changed by a reload: see setTiming(). */
  private timing: { interval: number; settleDelay: number };

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
    this.timing = { interval: options.interval, settleDelay: options.settleDelay };
    this.schedule = new Schedule({
      run: (signal) => this.poll(signal),
      next: () => nextPollAt(this.now(), this.timing.interval, this.timing.settleDelay),
      now: this.now,
    });
  }

  /** New poll interval and settle delay (a reload): the next poll is timed again; one in flight finishes as it started. */
  setTiming(interval: number, settleDelay: number): void {
    this.timing = { interval, settleDelay };
    this.schedule.reschedule();
  }

  /** The last good data, or undefined before the first successful poll. */
  get current(): Snapshot | undefined {
    return this.published;
  }

  get lastResult(): PollResult | undefined {
    return this.last;
  }

  /** Polls now, then on the schedule. */
  start(): void {
    this.schedule.start();
  }

  /** Runs one poll; if one is already running, waits for that one instead of overlapping it. */
  pollOnce(): Promise<boolean> {
    return this.schedule.runNow();
  }

  private async poll(signal: AbortSignal): Promise<boolean> {
    const { accountId, logger, metrics } = this.options;
    const { settleDelay } = this.timing;
    const started = this.now();
    const window = pollWindow(started, settleDelay);
    const deadline = pollDeadline(started, this.options);
    const log = logger.child({ quarter: new Date(window.quarterStart).toISOString(), hour: new Date(window.hourStart).toISOString() });
    metrics.pollStarted?.(started);
    // The client enforces the deadline by the wall clock too: so is the overrun judged here.
    const wallStart = performance.now();
    try {
      const { series, problems, skills } = await this.fetchAndTranslate(window, signal, deadline);
      // Frozen so that nothing downstream (HTTP, OTLP) can edit what the next poll replaces.
      const snapshot: Snapshot = Object.freeze({ accountId, window, completedAt: this.now(), series, skills });
      await this.options.onSnapshot?.(snapshot);
      const gap = this.failingSince !== undefined && this.published ? gapBackfill(this.failingSince, this.published.window.quarterStart, window, started) : undefined;
      this.failingSince = undefined;
      this.published = snapshot;
      const seconds = (this.now() - started) / 1000;
      metrics.pollSucceeded(snapshot, seconds, problems);
      this.last = { ok: true, at: snapshot.completedAt };
      this.logProblems(log, problems);
      const samples = series.reduce((n, s) => n + s.skillIds.length, 0);
      log.info('poll succeeded', { skills: skills.length, samples, invalid: problems.length, seconds });
      if (gap) {
        log.warn(`polls are back after a gap; to fill it from LivePerson's history run (after ${gap.runAfter}, once it has left Prometheus's head block): ${gap.command}`, {
          gap_from: gap.from,
          gap_to: gap.to,
        });
      }
      return true;
    } catch (err) {
      const seconds = (this.now() - started) / 1000;
      if (this.now() >= deadline || performance.now() - wallStart >= deadline - started) {
        metrics.pollOverran?.();
        log.warn('poll had not finished by its deadline and was stopped', { deadline: new Date(deadline).toISOString(), seconds });
      }
      metrics.pollFailed(seconds);
      const error = err instanceof Error ? err.message : String(err);
      this.last = { ok: false, at: this.now(), error };
      this.failingSince ??= started;
      // Say what /metrics holds now: earlier data, or (before any success) only the health metrics.
      const serving = this.published ? 'serving the last good data' : 'no data yet: /metrics holds only the health metrics until a poll succeeds';
      if (!this.schedule.stopped) log.error(`poll failed; ${serving}`, { error, seconds });
      return false;
    }
  }

  /** The window's records, translated. The store ends with this call, so it is not still held while the snapshot is rendered. */
  private async fetchAndTranslate(window: PollWindow, signal: AbortSignal, deadline: number): Promise<Translation> {
    const store = await this.options.client.fetchPoll(window, signal, { deadline });
    return runInSlices(store.translateSteps());
  }

  private logProblems(log: Logger, problems: readonly Problem[]): void {
    const max = MAX_PROBLEM_LOGS;
    for (const p of problems.slice(0, max))
      log.warn('dropped a value LivePerson sent', { skill_id: p.skillId, field: p.field, value: String(p.value), reason: p.reason });
    if (problems.length > max) log.warn('dropped more values', { more: problems.length - max });
  }

  /** Stops the schedule and lets an in-flight poll finish for up to `graceMs`, then aborts it. */
  stop(graceMs = 5000): Promise<void> {
    return this.schedule.stop(graceMs, new Error('exporter is shutting down'));
  }
}
