import { formatDuration } from '../config/duration.js';
import { LivePersonError } from '../liveperson/errors.js';
import type { SkillsClient } from '../liveperson/skills-client.js';
import type { Logger } from '../log.js';
import { Schedule } from '../scheduler.js';
import type { SkillNameMap, SkillNamesObserver, SkillNamesRefreshResult } from './types.js';

/** The switch users flip when their credentials may not read skills. */
export const SKILL_NAMES_ENV = 'NHT_SKILL_NAMES';
/** LivePerson's name for the privilege the Skills API needs. */
export const SKILLS_PRIVILEGE = 'Skills API Read';
/** After an ordinary failure, try again this soon rather than a whole interval later. */
const DEFAULT_RETRY_INTERVAL_MS = 5 * 60 * 1000;

export interface SkillNamesOptions {
  readonly client: Pick<SkillsClient, 'fetchSkills'>;
  /** Time between two refreshes, ms (1h by default in the configuration). */
  readonly interval: number;
  /**
   * After a failure other than a refusal (401/403), the next attempt comes this soon, ms
   * (default the shorter of 5 minutes and `interval`). A refusal waits a whole interval.
   */
  readonly retryInterval?: number;
  readonly logger: Logger;
  readonly observer?: SkillNamesObserver;
  readonly now?: () => number;
}

/**
 * The account's skill names, refreshed on their own slow cadence, independent of NHT polls.
 * Each change replaces the whole map, so readers (the `liveperson_skill_info` part of /metrics,
 * the OTLP push) see a new object exactly when the names changed. A failed refresh keeps the
 * last known names; nothing here can touch the NHT data or the poller.
 *
 * On 401/403 (credentials without the "Skills API Read" privilege) it logs one clear error line
 * and keeps trying at the normal interval, so granting the privilege later needs no restart.
 */
export class SkillNames {
  private names: SkillNameMap = new Map();
  private revision: string | undefined;
  /** In a streak of refusals: the privilege line was logged already. */
  private refused = false;
  private readonly schedule: Schedule<SkillNamesRefreshResult>;
  private readonly now: () => number;

  constructor(private readonly options: SkillNamesOptions) {
    this.now = options.now ?? Date.now;
    const { interval } = options;
    const soon = options.retryInterval ?? Math.min(DEFAULT_RETRY_INTERVAL_MS, interval);
    this.schedule = new Schedule({
      run: (signal) => this.run(signal),
      // A refusal waits a whole interval: the privilege is not granted within minutes.
      next: (result) => this.now() + (result === 'failure' && !this.refused ? soon : interval),
      now: this.now,
      // A refresh every hour must never be what keeps the process alive.
      unref: true,
    });
  }

  /** The last known names (empty before the first successful refresh); the same object until they change. */
  current(): SkillNameMap {
    return this.names;
  }

  /** Refreshes now, then every `interval`. */
  start(): void {
    this.schedule.start();
  }

  /**
   * Reads the names now (conditionally: an unchanged list costs a 304). If a refresh is already
   * running, waits for that one instead. Never rejects: a failure is logged, counted and returned.
   * After `stop()` it resolves `failure` at once without a request.
   */
  refresh(): Promise<SkillNamesRefreshResult> {
    if (this.schedule.stopped) return Promise.resolve('failure');
    return this.schedule.runNow();
  }

  /** Stops the schedule and aborts a refresh in flight; calling it again is harmless. */
  stop(): Promise<void> {
    return this.schedule.stop(0, new DOMException('skill names stopped', 'AbortError'));
  }

  private async run(signal: AbortSignal): Promise<SkillNamesRefreshResult> {
    const { logger } = this.options;
    let result: SkillNamesRefreshResult;
    try {
      const got = await this.options.client.fetchSkills(this.revision, signal);
      if (got.changed) {
        const names: SkillNameMap = new Map(got.skills.map((s) => [s.id, { name: s.name, deleted: s.deleted }]));
        this.names = names;
        this.revision = got.revision;
        const deleted = got.skills.filter((s) => s.deleted).length;
        logger.info('skill names refreshed', { skills: names.size, deleted, revision: got.revision });
        if (got.dropped > 0) logger.warn('Skills API listed entries without a usable id or name; they were skipped', { dropped: got.dropped });
        result = 'success';
      } else {
        logger.debug('skill names unchanged', { revision: got.revision });
        result = 'not_modified';
      }
      if (this.refused) logger.info('the Skills API accepts the credentials again');
      this.refused = false;
    } catch (err) {
      // Stopping is not a failure of LivePerson's.
      if (signal.aborted) return 'failure';
      this.logFailure(err);
      result = 'failure';
    }
    this.options.observer?.skillNamesRefreshed(result, this.now(), this.names.size);
    return result;
  }

  private logFailure(err: unknown): void {
    const { logger, interval } = this.options;
    const error = err instanceof Error ? err.message : String(err);
    const status = err instanceof LivePersonError && err.api === 'skills' ? err.status : undefined;
    if (status === 401 || status === 403) {
      if (this.refused) {
        logger.debug('the Skills API still refuses the credentials', { status, error });
        return;
      }
      this.refused = true;
      logger.error(
        `the Skills API refused the credentials (HTTP ${status}): they lack the "${SKILLS_PRIVILEGE}" privilege. ` +
          `Grant it to the API key in LivePerson, or set ${SKILL_NAMES_ENV}=false to switch skill names off. ` +
          `NHT metrics are not affected; trying again every ${formatDuration(interval)}.`,
        { status, error },
      );
      return;
    }
    logger.warn('skill names refresh failed; keeping the last known names', { skills: this.names.size, error });
  }
}
