import { describe, expect, it } from 'vitest';
import { LivePersonError, type LivePersonErrorKind } from '../../src/liveperson/errors.js';
import { withRetry, type LivePersonObserver, type RetryPolicy, type Sleep } from '../../src/liveperson/retry.js';

const policy: RetryPolicy = { maxRetries: 3, retryDelayMs: 5000, throttleDelayMs: 1000 };

function recorder(): { sleep: Sleep; waits: number[]; observer: LivePersonObserver; retries: string[] } {
  const waits: number[] = [];
  const retries: string[] = [];
  return {
    waits,
    retries,
    sleep: async (ms) => {
      waits.push(ms);
    },
    observer: { request: () => {}, retry: (api, reason) => retries.push(`${api}:${reason}`) },
  };
}

const fail = (kind: LivePersonErrorKind, extra: { retryAfterMs?: number; status?: number } = {}): LivePersonError =>
  new LivePersonError({ api: 'nht', kind, message: `nht request failed: ${kind}`, ...extra });

/** An attempt function that throws the given errors in turn, then returns 'done'. */
function script(...errors: LivePersonError[]): { attempt: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    attempt: async () => {
      const err = errors[n++];
      if (err) throw err;
      return 'done';
    },
    calls: () => n,
  };
}

describe('withRetry follows the error-code page', () => {
  it('503 twice then success: waits 5 s then 10 s', async () => {
    const r = recorder();
    const s = script(fail('server_error'), fail('server_error'));
    await expect(withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep, observer: r.observer })).resolves.toBe('done');
    expect(r.waits).toEqual([5000, 10_000]);
    expect(r.retries).toEqual(['nht:server_error', 'nht:server_error']);
  });

  it('500 forever: three retries (5, 10, 15 s) then the error, saying how many attempts', async () => {
    const r = recorder();
    const s = script(...Array.from({ length: 10 }, () => fail('server_error')));
    const err = (await withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep }).catch((e: unknown) => e)) as LivePersonError;
    expect(r.waits).toEqual([5000, 10_000, 15_000]);
    expect(s.calls()).toBe(4);
    expect(err.attempts).toBe(4);
    expect(err.message).toContain('gave up after 4 attempts');
  });

  it('timeouts, network errors and malformed bodies share the 5xx budget', async () => {
    const r = recorder();
    const s = script(fail('timeout'), fail('network_error'), fail('bad_response'), fail('server_error'));
    const err = (await withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep }).catch((e: unknown) => e)) as LivePersonError;
    expect(err.kind).toBe('server_error');
    expect(r.waits).toEqual([5000, 10_000, 15_000]);
  });

  it('429 waits the longer of throttleDelay and Retry-After', async () => {
    const r = recorder();
    const s = script(fail('throttled', { retryAfterMs: 3000 }), fail('throttled'), fail('throttled', { retryAfterMs: 10 }));
    await expect(withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep })).resolves.toBe('done');
    expect(r.waits).toEqual([3000, 1000, 1000]);
  });

  it('429 caps an absurd Retry-After', async () => {
    const r = recorder();
    const s = script(fail('throttled', { retryAfterMs: 86_400_000 }));
    await withRetry(s.attempt, { api: 'nht', policy: { ...policy, maxRetryAfterMs: 60_000 }, sleep: r.sleep });
    expect(r.waits).toEqual([60_000]);
  });

  it('429 is retried maxRetries + 2 times, independently of 5xx', async () => {
    const r = recorder();
    const s = script(...Array.from({ length: 5 }, () => fail('throttled')), fail('server_error'), fail('throttled'));
    const err = (await withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep }).catch((e: unknown) => e)) as LivePersonError;
    expect(err.kind).toBe('throttled');
    expect(s.calls()).toBe(7);
    expect(r.waits).toEqual([1000, 1000, 1000, 1000, 1000, 5000]);
  });

  it('400 is never retried', async () => {
    const r = recorder();
    const s = script(fail('client_error', { status: 400 }));
    const err = (await withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep }).catch((e: unknown) => e)) as LivePersonError;
    expect(err.kind).toBe('client_error');
    expect(s.calls()).toBe(1);
    expect(err.message).not.toContain('gave up');
  });

  it('401 is retried once when a fresh credential is possible, and only once', async () => {
    const r = recorder();
    let invalidations = 0;
    const s = script(fail('unauthorized'), fail('unauthorized'));
    const onUnauthorized = (): boolean => {
      invalidations += 1;
      return true;
    };
    const err = (await withRetry(s.attempt, { api: 'nht', policy, sleep: r.sleep, onUnauthorized }).catch((e: unknown) => e)) as LivePersonError;
    expect(err.kind).toBe('unauthorized');
    expect(s.calls()).toBe(2);
    expect(invalidations).toBe(1);
    expect(r.waits).toEqual([]);
  });

  it('401 without a refreshable credential fails at once', async () => {
    const s = script(fail('unauthorized'));
    await expect(withRetry(s.attempt, { api: 'nht', policy, sleep: recorder().sleep, onUnauthorized: () => false })).rejects.toMatchObject({
      kind: 'unauthorized',
    });
    expect(s.calls()).toBe(1);
  });

  it('an error of another API (a failed token request) passes through: it was retried where it happened', async () => {
    const tokenError = new LivePersonError({ api: 'token', kind: 'server_error', message: 'token request failed: HTTP 503' });
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls += 1;
        throw tokenError;
      },
      { api: 'nht', policy, sleep: recorder().sleep },
    ).catch((e: unknown) => e);
    expect(err).toBe(tokenError);
    expect(calls).toBe(1);
  });

  it('an abort during the wait ends the loop with the abort reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const sleep: Sleep = async (_ms, signal) => {
      controller.abort(reason);
      signal?.throwIfAborted();
    };
    const s = script(fail('server_error'), fail('server_error'));
    await expect(withRetry(s.attempt, { api: 'nht', policy, sleep, signal: controller.signal })).rejects.toBe(reason);
    expect(s.calls()).toBe(1);
  });
});
