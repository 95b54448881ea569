import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Schedule } from '../src/scheduler.js';

const START = Date.UTC(2026, 10, 25, 14, 0);

/** A run the test finishes by hand, one per call. */
function gatedRuns() {
  const runs: { signal: AbortSignal; finish: (value: string) => void; fail: (err: Error) => void }[] = [];
  const run = (signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      runs.push({ signal, finish: resolve, fail: reject });
    });
  return { runs, run };
}

describe('a schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: START });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once on start, then at the time next() names, counted from when the last run ended', async () => {
    const started: number[] = [];
    const s = new Schedule({
      run: async () => {
        started.push(Date.now());
        await new Promise((r) => setTimeout(r, 1000)); // each run takes a second
        return 'ok';
      },
      next: () => Date.now() + 60_000,
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1000 + 60_000 + 1000 + 60_000);
    expect(started.map((t) => t - START)).toEqual([0, 61_000, 122_000]);
    await vi.advanceTimersByTimeAsync(1000);
    await s.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands next() the last result, so a failure can be retried sooner', async () => {
    const seen: (string | undefined)[] = [];
    let n = 0;
    const s = new Schedule({
      run: async () => (n++ === 0 ? 'failure' : 'success'),
      next: (last) => {
        seen.push(last);
        return Date.now() + (last === 'failure' ? 5_000 : 3_600_000);
      },
    });
    s.start();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(3_599_999);
    expect(n).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(n).toBe(3);
    expect(seen).toEqual(['failure', 'success', 'success']);
    await s.stop();
  });

  it('keeps going after a run that rejects, handing next() undefined', async () => {
    const seen: unknown[] = [];
    let n = 0;
    const s = new Schedule<string>({
      run: async () => {
        n += 1;
        if (n === 1) throw new Error('boom');
        return 'ok';
      },
      next: (last) => (seen.push(last), Date.now() + 1000),
    });
    s.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(n).toBe(2);
    expect(seen).toEqual([undefined, 'ok']);
    await s.stop();
  });

  it('never overlaps runs: a run asked for while one is in flight joins it, and the timer waits for it', async () => {
    const { runs, run } = gatedRuns();
    const s = new Schedule({ run, next: () => Date.now() + 1000 });
    s.start();
    const joined = s.runNow();
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000); // far past the interval: still one run
    expect(runs).toHaveLength(1);
    runs[0]!.finish('first');
    expect(await joined).toBe('first');
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(2);
    runs[1]!.finish('second');
    await s.stop();
  });

  it('says since when a run is in flight', async () => {
    const { runs, run } = gatedRuns();
    const s = new Schedule({ run, next: () => Date.now() + 1000 });
    expect(s.runningSince).toBeUndefined();
    await vi.advanceTimersByTimeAsync(500);
    const pending = s.runNow();
    await vi.advanceTimersByTimeAsync(700);
    expect(s.runningSince).toBe(START + 500);
    runs[0]!.finish('done');
    await pending;
    expect(s.runningSince).toBeUndefined();
  });

  it('times the pending run again on reschedule(), e.g. after the interval changed', async () => {
    let interval = 60_000;
    let n = 0;
    const s = new Schedule({ run: async () => ++n, next: () => Date.now() + interval });
    s.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(n).toBe(1);
    interval = 5_000;
    s.reschedule();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(n).toBe(2);
    await s.stop();
  });

  it('on stop, lets a run in flight finish within the grace, and runs no more', async () => {
    const { runs, run } = gatedRuns();
    const s = new Schedule({ run, next: () => Date.now() + 1000 });
    s.start();
    const stopping = s.stop(5000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(runs[0]!.signal.aborted).toBe(false);
    runs[0]!.finish('done');
    await stopping;
    expect(runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on stop, aborts a run that outlives the grace, with the reason given', async () => {
    const { runs, run } = gatedRuns();
    const s = new Schedule({ run, next: () => Date.now() + 1000 });
    s.start();
    const reason = new Error('exporter is shutting down');
    let stopped = false;
    const stopping = s.stop(5000, reason).then(() => (stopped = true));
    runs[0]!.signal.addEventListener('abort', () => runs[0]!.fail(runs[0]!.signal.reason as Error));
    await vi.advanceTimersByTimeAsync(4999);
    expect(runs[0]!.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(stopped).toBe(true);
    expect(runs[0]!.signal.reason).toBe(reason);
    expect(s.stopped).toBe(true);
  });

  it('with no grace, aborts a run in flight at once', async () => {
    const { runs, run } = gatedRuns();
    const s = new Schedule({ run, next: () => Date.now() + 1000 });
    s.start();
    runs[0]!.signal.addEventListener('abort', () => runs[0]!.finish('aborted'));
    await s.stop();
    expect(runs[0]!.signal.aborted).toBe(true);
  });

  it('with an injected clock and timers, needs no global timer at all', async () => {
    const pending: { fn: () => void; at: number }[] = [];
    let now = 1_000;
    const s = new Schedule({
      run: async () => 'ok',
      next: () => now + 250,
      now: () => now,
      timers: {
        setTimeout: (fn, ms) => pending.push({ fn, at: now + ms }),
        clearTimeout: () => {},
      },
    });
    s.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.map((p) => p.at)).toEqual([1_250]);
    expect(vi.getTimerCount()).toBe(0);
    await s.stop();
  });
});
