import type { Logger } from '../log.js';
import type { PollWindow, SkillRecord } from '../liveperson/types.js';
import type { Snapshot } from '../snapshot.js';
import { translate, type Problem } from '../translate/translate.js';
import { nextPollAt, pollWindow } from './schedule.js';

/** Where a poll's records come from: the LivePerson client, or a test double. */
export interface NhtSource {
  fetchWindow(window: PollWindow, signal?: AbortSignal): Promise<readonly SkillRecord[]>;
}

/** Told how every poll ended: the exporter's own metrics count them. */
export interface PollObserver {
  pollSucceeded(snapshot: Snapshot, seconds: number, problems: readonly Problem[]): void;
  pollFailed(seconds: number): void;
}

export interface PollResult {
  readonly ok: boolean;
  readonly at: number;
  readonly error?: string;
}

export interface PollerOptions {
  readonly source: NhtSource;
  readonly accountId: string;
  readonly interval: number;
  readonly settleDelay: number;
  readonly logger: Logger;
  readonly metrics: PollObserver;
  /** Called with each snapshot as it is published (the /metrics side renders it then). */
  readonly onSnapshot?: (snapshot: Snapshot) => void;
  readonly now?: () => number;
  /** Each bad value is logged up to this many times per poll; the rest are summed up in one line. */
  readonly maxProblemLogs?: number;
}

/**
 * Polls on a fixed cadence, one poll at a time: the next is scheduled only when the last has
 * finished. A failed poll keeps the last published data.
 */
export class Poller {
  private published: Snapshot | undefined;
  private last: PollResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<boolean> | undefined;
  private abort = new AbortController();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly options: PollerOptions) {
    this.now = options.now ?? Date.now;
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
    void this.loop();
  }

  private async loop(): Promise<void> {
    if (this.stopped) return;
    await this.pollOnce();
    if (this.stopped) return;
    const { interval, settleDelay } = this.options;
    const delay = nextPollAt(this.now(), interval, settleDelay) - this.now();
    this.timer = setTimeout(() => void this.loop(), Math.max(0, delay));
  }

  /** Runs one poll; if one is already running, waits for that one instead of overlapping it. */
  pollOnce(): Promise<boolean> {
    this.running ??= this.poll().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async poll(): Promise<boolean> {
    const { source, accountId, settleDelay, logger, metrics } = this.options;
    const started = this.now();
    const window = pollWindow(started, settleDelay);
    const log = logger.child({ quarter: new Date(window.quarterStart).toISOString(), hour: new Date(window.hourStart).toISOString() });
    try {
      const records = await source.fetchWindow(window, this.abort.signal);
      const { series, problems, skills } = translate(records, window);
      // Frozen so that nothing downstream (HTTP, OTLP) can edit what the next poll replaces.
      const snapshot: Snapshot = Object.freeze({ accountId, window, completedAt: this.now(), series, skills });
      this.published = snapshot;
      this.options.onSnapshot?.(snapshot);
      const seconds = (this.now() - started) / 1000;
      metrics.pollSucceeded(snapshot, seconds, problems);
      this.last = { ok: true, at: snapshot.completedAt };
      this.logProblems(log, problems);
      const samples = series.reduce((n, s) => n + s.samples.length, 0);
      log.info('poll succeeded', { skills: skills.length, samples, invalid: problems.length, seconds });
      return true;
    } catch (err) {
      const seconds = (this.now() - started) / 1000;
      metrics.pollFailed(seconds);
      const error = err instanceof Error ? err.message : String(err);
      this.last = { ok: false, at: this.now(), error };
      if (!this.stopped) log.error('poll failed; serving the last good data', { error, seconds });
      return false;
    }
  }

  private logProblems(log: Logger, problems: readonly Problem[]): void {
    const max = this.options.maxProblemLogs ?? 20;
    for (const p of problems.slice(0, max))
      log.warn('dropped a value LivePerson sent', { skill_id: p.skillId, field: p.field, value: String(p.value), reason: p.reason });
    if (problems.length > max) log.warn('dropped more values', { more: problems.length - max });
  }

  /**
   * Stops the schedule and lets an in-flight poll finish for up to `graceMs`, then aborts it.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    const running = this.running;
    if (!running) return;
    let timeout: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timeout = setTimeout(() => {
        this.abort.abort(new Error('exporter is shutting down'));
        resolve();
      }, graceMs);
    });
    await Promise.race([running.then(() => undefined), grace]);
    clearTimeout(timeout);
    await running.catch(() => undefined);
  }
}
