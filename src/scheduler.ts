/** The timer functions a schedule uses; tests hand in fake ones (or use vi.useFakeTimers). */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Looked up at call time, so that fake timers installed after this module loaded still apply.
const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ScheduleOptions<T> {
  /**
   * One run. It gets a signal that aborts when `stop()` runs out of grace. It should settle on its
   * own (report failures in its result): a rejection is passed on to whoever awaits `runNow()`.
   */
  readonly run: (signal: AbortSignal) => Promise<T>;
  /**
   * When the next run starts, in epoch ms, given the last run's result (undefined when it rejected).
   * Read after every run and on `reschedule()`, so it may depend on settings that change meanwhile.
   */
  readonly next: (last: T | undefined) => number;
  /** Clock, epoch ms. */
  readonly now?: () => number;
  readonly timers?: Timers;
  /** True: the pending timer does not keep the process alive (a slow background refresh). */
  readonly unref?: boolean;
}

/**
 * Runs a job now and then again whenever `next` says, one run at a time: a run is never started
 * while another is in flight (a caller asking for one meanwhile joins the running one), and the
 * next is timed only once the last has finished.
 */
export class Schedule<T> {
  private timer: unknown;
  private running: Promise<T> | undefined;
  private runAbort: AbortController | undefined;
  private since: number | undefined;
  private last: T | undefined;
  private isStopped = false;
  private readonly now: () => number;
  private readonly timers: Timers;

  constructor(private readonly options: ScheduleOptions<T>) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers;
  }

  /** Runs now, then on the schedule. */
  start(): void {
    void this.tick();
  }

  /** When the run in flight started (epoch ms), or undefined when none is. */
  get runningSince(): number | undefined {
    return this.since;
  }

  get stopped(): boolean {
    return this.isStopped;
  }

  /** Runs once now, outside the timing; if a run is in flight, returns that one instead. */
  runNow(): Promise<T> {
    if (!this.running) {
      const abort = new AbortController();
      this.runAbort = abort;
      this.since = this.now();
      this.running = this.options.run(abort.signal).finally(() => {
        this.running = undefined;
        this.runAbort = undefined;
        this.since = undefined;
      });
    }
    return this.running;
  }

  /** Times the next run again from `next` (after a change of interval); a run in flight is left alone. */
  reschedule(): void {
    if (this.isStopped || this.running || this.timer === undefined) return;
    this.arm();
  }

  /**
   * Stops the schedule. A run in flight gets `graceMs` to finish; then its signal aborts with
   * `reason`. Resolves once it has settled. Calling it again is harmless.
   */
  async stop(graceMs = 0, reason: unknown = new DOMException('schedule stopped', 'AbortError')): Promise<void> {
    this.isStopped = true;
    this.clear();
    const running = this.running;
    if (!running) return;
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    const abort = this.runAbort;
    if (graceMs <= 0) abort?.abort(reason);
    else {
      let graceTimer: unknown;
      const grace = new Promise<void>((resolve) => {
        graceTimer = this.timers.setTimeout(() => {
          abort?.abort(reason);
          resolve();
        }, graceMs);
      });
      await Promise.race([settled, grace]);
      this.timers.clearTimeout(graceTimer);
    }
    await settled;
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.isStopped) return;
    try {
      this.last = await this.runNow();
    } catch {
      this.last = undefined;
    }
    if (!this.isStopped) this.arm();
  }

  private arm(): void {
    this.clear();
    const delay = Math.max(0, this.options.next(this.last) - this.now());
    const timer = this.timers.setTimeout(() => void this.tick(), delay);
    if (this.options.unref) (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }

  private clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
