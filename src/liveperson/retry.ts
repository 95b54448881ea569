import type { Dispatcher } from 'undici';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../log.js';
import { LivePersonError, type LivePersonApi, type LivePersonErrorKind, type RequestOutcome } from './errors.js';

/** Receives one call per HTTP attempt and per retry: the exporter turns them into request metrics. */
export interface LivePersonObserver {
  request(api: LivePersonApi, outcome: RequestOutcome): void;
  retry(api: LivePersonApi, reason: LivePersonErrorKind): void;
  /** Pages of one poll that disagreed with each other (see PageInconsistency); called once per poll and kind. */
  inconsistent?(kind: PageInconsistency, count: number): void;
}

/**
 * How the pages of one poll can disagree: a skill on two pages, a page whose `_metadata.count`
 * differs from page 0's, a page (of a walk without a count) that repeats skills already seen.
 */
export type PageInconsistency = 'duplicate_skill' | 'count_changed' | 'repeated_page';

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. Injectable so tests need not wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};

/** What every LivePerson client (Domain API, token, NHT, Skills API) is given to make its requests: built once, shared. */
export interface RequestDeps {
  /** Per-request timeout, ms. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly sleep?: Sleep;
  readonly dispatcher?: Dispatcher;
  readonly logger?: Logger;
  readonly observer?: LivePersonObserver;
  /** Clock, epoch ms (token expiry, caches); tests inject the simulator's. */
  readonly now?: () => number;
}

/**
 * How failed requests are retried, following LivePerson's error-code page:
 * - 429: wait max(throttleDelayMs, Retry-After capped at maxRetryAfterMs) and retry, at most
 *   `maxRetries + 2` times (throttling is LivePerson asking us to slow down, not a failure);
 * - 5xx, timeouts, network errors, malformed bodies: retry `maxRetries` times, waiting
 *   `retryDelayMs × attempt` (5, 10, 15 s by default);
 * - 401: retried once, and only when the caller's `onUnauthorized` says a fresh credential is possible;
 * - other 4xx: never retried.
 * Each kind keeps its own count.
 */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly retryDelayMs: number;
  readonly throttleDelayMs: number;
  /** Upper bound on a honoured Retry-After (default 5 minutes), so one header cannot stall a poll for hours. */
  readonly maxRetryAfterMs?: number;
}

export interface RetryContext {
  readonly api: LivePersonApi;
  readonly policy: RetryPolicy;
  readonly sleep: Sleep;
  readonly signal?: AbortSignal;
  readonly observer?: LivePersonObserver;
  readonly logger?: Logger;
  /** Extra fields for log lines (e.g. the page offset). */
  readonly logFields?: Record<string, unknown>;
  /** Called on a 401: returns true when a retry with a fresh credential makes sense. */
  readonly onUnauthorized?: (err: LivePersonError) => boolean;
  /** Epoch ms (by `now`) by which the call must be over: no attempt starts and no wait runs past it. */
  readonly deadline?: number;
  readonly now?: () => number;
  /**
   * Told of each retry. A caller that sums retries up itself (one line per poll) passes this, and
   * the per-retry line is then logged at debug level only.
   */
  readonly onRetry?: (kind: LivePersonErrorKind) => void;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60 * 1000;

/**
 * Runs `attempt` until it succeeds or the policy gives up; the final error carries the attempt count.
 * Errors that are not LivePersonErrors of this API (an abort, a token failure inside an NHT attempt)
 * are passed through untouched: they were already retried where they happened.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  const { policy } = ctx;
  let attempts = 0;
  let failures = 0;
  let throttles = 0;
  let reauthorised = false;
  const now = ctx.now ?? Date.now;
  for (;;) {
    ctx.signal?.throwIfAborted();
    if (ctx.deadline !== undefined && now() >= ctx.deadline) {
      throw new LivePersonError({ api: ctx.api, kind: 'timeout', final: true, attempts, message: `${ctx.api} request not sent: the poll's deadline has passed` });
    }
    attempts += 1;
    try {
      return await attempt(attempts);
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      if (!(err instanceof LivePersonError) || err.api !== ctx.api) throw err;
      let waitMs: number | undefined;
      switch (err.kind) {
        case 'throttled':
          if (ctx.deadline !== undefined && (err.retryAfterMs ?? 0) > ctx.deadline - now()) {
            // Waiting would outlast the poll: fail now, and say how long LivePerson asked for.
            throw err.with({
              attempts,
              final: true,
              message: `${err.message}; LivePerson asked to wait ${formatWait(err.retryAfterMs ?? 0)} (Retry-After), longer than the ${formatWait(Math.max(0, ctx.deadline - now()))} left before the poll's deadline`,
            });
          }
          if (throttles < policy.maxRetries + 2) {
            throttles += 1;
            // With a deadline, Retry-After is honoured whole (it fits, as checked above).
            const retryAfter = ctx.deadline !== undefined ? (err.retryAfterMs ?? 0) : Math.min(err.retryAfterMs ?? 0, policy.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS);
            waitMs = Math.max(policy.throttleDelayMs, retryAfter);
          }
          break;
        case 'unauthorized':
          if (!reauthorised && ctx.onUnauthorized?.(err)) {
            reauthorised = true;
            waitMs = 0;
          }
          break;
        case 'client_error':
          break;
        default:
          if (failures < policy.maxRetries) {
            failures += 1;
            waitMs = policy.retryDelayMs * failures;
          }
      }
      if (waitMs === undefined) {
        throw err.with(attempts > 1 ? { attempts, message: `${err.message} (gave up after ${attempts} attempts)` } : { attempts });
      }
      if (ctx.deadline !== undefined && now() + waitMs > ctx.deadline) {
        throw err.with({ attempts, final: true, message: `${err.message} (no time left for a retry before the poll's deadline)` });
      }
      ctx.observer?.retry(ctx.api, err.kind);
      ctx.onRetry?.(err.kind);
      const log = ctx.onRetry ? ctx.logger?.debug : ctx.logger?.warn;
      log?.('LivePerson request failed, retrying', {
        api: ctx.api,
        ...ctx.logFields,
        attempt: attempts,
        kind: err.kind,
        status: err.status,
        delayMs: waitMs,
        error: err.message,
      });
      if (waitMs > 0) await ctx.sleep(waitMs, ctx.signal);
    }
  }
}

/**
 * Reports the outcome of one HTTP attempt: `ok`, or the kind of the LivePersonError it threw.
 * Aborted attempts (shutdown) are not reported: they say nothing about LivePerson.
 */
export async function observed<T>(
  api: LivePersonApi,
  observer: LivePersonObserver | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    const result = await fn();
    observer?.request(api, 'ok');
    return result;
  } catch (err) {
    if (err instanceof LivePersonError && err.api === api) observer?.request(api, err.kind);
    throw err;
  }
}

/** A wait for a message: `86400 s`, `1.5 s`, `200 ms`. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
