import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log.js';
import type { PollWindow, SkillRecord } from '../../src/liveperson/types.js';
import { Poller, type NhtReader } from '../../src/poll/poller.js';
import { PollStore } from '../../src/translate/poll-store.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import { renderSnapshot } from '../../src/prometheus/exposition.js';

const NOW = Date.UTC(2026, 10, 25, 14, 20);

/** A source whose answers the test hands out one poll at a time. */
class ScriptedSource implements NhtReader {
  calls = 0;
  inFlight = 0;
  maxInFlight = 0;
  constructor(private readonly answers: Array<(w: PollWindow, signal?: AbortSignal) => Promise<SkillRecord[]>>) {}
  async fetchPoll(window: PollWindow, signal?: AbortSignal): Promise<PollStore> {
    const answer = this.answers[Math.min(this.calls, this.answers.length - 1)]!;
    this.calls += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return PollStore.of(window, await answer(window, signal));
    } finally {
      this.inFlight -= 1;
    }
  }
}

const skill = (skillId: string, arrivals: unknown) => (w: PollWindow): SkillRecord => ({
  skillId,
  buckets: [{ start: w.quarterStart, values: { arrivals } }],
});

function poller(client: NhtReader): Poller {
  return new Poller({ client, accountId: '1', interval: 300_000, settleDelay: 60_000, logger: silentLogger, metrics: new OwnMetrics('test'), now: () => NOW });
}

const arrivals = (p: Poller) => (p.current && renderSnapshot(p.current).text)?.split('\n').filter((l) => l.startsWith('liveperson_nht_arrivals{'));

describe('the poller', () => {
  it('drops a series whose value becomes -1, and one whose skill disappears, on the next poll', async () => {
    const source = new ScriptedSource([
      async (w) => [skill('1', 4)(w), skill('2', 5)(w), skill('3', 6)(w)],
      async (w) => [skill('1', -1)(w), skill('2', 5)(w)],
    ]);
    const p = poller(source);
    await p.pollOnce();
    expect(arrivals(p)).toEqual([
      'liveperson_nht_arrivals{account_id="1",skill_id="1"} 4',
      'liveperson_nht_arrivals{account_id="1",skill_id="2"} 5',
      'liveperson_nht_arrivals{account_id="1",skill_id="3"} 6',
    ]);
    await p.pollOnce();
    expect(arrivals(p)).toEqual(['liveperson_nht_arrivals{account_id="1",skill_id="2"} 5']);
  });

  it('never runs two polls at once: a second request joins the running poll', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const source = new ScriptedSource([async (w) => (await gate, [skill('1', 1)(w)])]);
    const p = poller(source);
    const a = p.pollOnce();
    const b = p.pollOnce();
    release();
    expect(await Promise.all([a, b])).toEqual([true, true]);
    expect(source.calls).toBe(1);
    expect(source.maxInFlight).toBe(1);
  });

  it('keeps the last data when a poll fails, and swaps in a whole new snapshot when one succeeds', async () => {
    const source = new ScriptedSource([
      async (w) => [skill('1', 1)(w)],
      async () => Promise.reject(new Error('NHT page at offset 0 failed: 503')),
      async (w) => [skill('1', 2)(w)],
    ]);
    const p = poller(source);
    await p.pollOnce();
    const first = p.current;
    expect(await p.pollOnce()).toBe(false);
    expect(p.current).toBe(first);
    expect(p.lastResult).toMatchObject({ ok: false, error: 'NHT page at offset 0 failed: 503' });
    await p.pollOnce();
    expect(p.current).not.toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(arrivals(p)).toEqual(['liveperson_nht_arrivals{account_id="1",skill_id="1"} 2']);
  });

  describe('on stop', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('lets an in-flight poll finish within the grace period', async () => {
      vi.useFakeTimers();
      const source = new ScriptedSource([async (w) => (await new Promise((r) => setTimeout(r, 1500)), [skill('1', 1)(w)])]);
      const p = poller(source);
      p.start();
      const stopping = p.stop(2000);
      await vi.advanceTimersByTimeAsync(1500);
      await stopping;
      expect(p.lastResult?.ok).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('aborts a poll that outlives the grace period, and schedules no other', async () => {
      vi.useFakeTimers();
      const source = new ScriptedSource([
        (_w, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
      ]);
      const p = poller(source);
      p.start();
      let stopped = false;
      const stopping = p.stop(100).then(() => (stopped = true));
      await vi.advanceTimersByTimeAsync(99);
      expect(stopped).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await stopping;
      expect(p.lastResult).toMatchObject({ ok: false, error: 'exporter is shutting down' });
      await vi.advanceTimersByTimeAsync(3_600_000);
      expect(source.calls).toBe(1);
    });
  });

  it('polls at once on start, then on the wall-clock grid shifted by the settle delay', async () => {
    vi.useFakeTimers({ now: NOW });
    try {
      const starts: number[] = [];
      const source = new ScriptedSource([async (w) => (starts.push(Date.now()), [skill('1', 1)(w)])]);
      const p = new Poller({ client: source, accountId: '1', interval: 300_000, settleDelay: 60_000, logger: silentLogger, metrics: new OwnMetrics('test') });
      p.start();
      await vi.advanceTimersByTimeAsync(11 * 60_000);
      await p.stop();
      // 14:20 start; the grid of 5 minutes shifted by 1 minute: 14:21, 14:26, 14:31.
      expect(starts.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(['14:20', '14:21', '14:26', '14:31']);
    } finally {
      vi.useRealTimers();
    }
  });
});
