/**
 * Progress of a backfill: a bar on stderr when it is a terminal (cli-progress), a log line every
 * `logEvery` ms otherwise, so a CI job or a Kubernetes Job still shows that it moves.
 */
import cliProgress from 'cli-progress';
import type { Logger } from '../log.js';
import type { LivePersonApi, LivePersonErrorKind, RequestOutcome } from '../liveperson/errors.js';
import type { LivePersonObserver } from '../liveperson/retry.js';

export interface Counts {
  windows: number;
  windowsTotal: number;
  pages: number;
  /** Estimated from the first window's page count; exact once every window has started. */
  pagesTotal: number;
  requests: number;
  retries: number;
}

export interface ProgressOptions {
  readonly stream: NodeJS.WriteStream;
  readonly logger: Logger;
  readonly now: () => number;
  /** Plain log lines instead of a bar (stderr is not a terminal). */
  readonly plain: boolean;
  readonly logEvery?: number;
}

export class Progress implements LivePersonObserver {
  readonly counts: Counts = { windows: 0, windowsTotal: 0, pages: 0, pagesTotal: 0, requests: 0, retries: 0 };
  private readonly started: number;
  private bar: cliProgress.SingleBar | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pagesPerWindow = 0;

  constructor(private readonly options: ProgressOptions) {
    this.started = options.now();
  }

  start(windows: number): void {
    this.counts.windowsTotal = windows;
    if (!this.options.plain) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.options.stream,
          format: 'backfill [{bar}] {percentage}% | windows {windows}/{windowsTotal} | pages {value}/{total} | requests {requests} | retries {retries} | {duration_formatted} elapsed, {eta_formatted} left',
          hideCursor: true,
          etaBuffer: 50,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(1, 0, this.payload());
    } else {
      this.timer = setInterval(() => this.log(), this.options.logEvery ?? 10_000);
      this.timer.unref();
    }
  }

  /** A window's first page told how many pages it has. */
  windowPages(pages: number): void {
    this.pagesPerWindow = Math.max(this.pagesPerWindow, pages);
    const started = this.counts.windows + 1;
    this.counts.pagesTotal = Math.max(this.counts.pages + pages, this.counts.pagesTotal, this.pagesPerWindow * this.counts.windowsTotal);
    if (started === this.counts.windowsTotal) this.counts.pagesTotal = this.counts.pages + pages;
    this.bar?.setTotal(this.counts.pagesTotal);
  }

  page(): void {
    this.counts.pages += 1;
    this.update();
  }

  windowDone(): void {
    this.counts.windows += 1;
    this.update();
  }

  request(_api: LivePersonApi, _outcome: RequestOutcome): void {
    this.counts.requests += 1;
  }

  retry(_api: LivePersonApi, _reason: LivePersonErrorKind): void {
    this.counts.retries += 1;
  }

  stop(): void {
    clearInterval(this.timer);
    this.bar?.stop();
    this.bar = undefined;
  }

  private payload(): Record<string, number> {
    const { windows, windowsTotal, requests, retries } = this.counts;
    return { windows, windowsTotal, requests, retries };
  }

  private update(): void {
    this.bar?.update(this.counts.pages, this.payload());
  }

  private log(): void {
    const elapsed = (this.options.now() - this.started) / 1000;
    const { pages, pagesTotal } = this.counts;
    const remaining = pages > 0 && pagesTotal > pages ? Math.round((elapsed * (pagesTotal - pages)) / pages) : undefined;
    this.options.logger.info('backfill progress', { ...this.counts, elapsedSeconds: Math.round(elapsed), ...(remaining !== undefined && { remainingSeconds: remaining }) });
  }
}
