import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import type { PollWindow } from '../../src/liveperson/types.js';
import { OwnMetrics } from '../../src/metrics/own.js';
import { Poller } from '../../src/poll/poller.js';
import { PollStore } from '../../src/translate/poll-store.js';

const at = (hhmm: string) => Date.parse(`2026-11-25T${hhmm}:00Z`);

/** Polls at the given times (the live grid: :01, :06, ...), failing at the ones listed; returns the log lines. */
async function run(polls: string[], failing: string[]): Promise<string[]> {
  const lines: string[] = [];
  let now = 0;
  const source = {
    async fetchPoll(w: PollWindow): Promise<PollStore> {
      if (failing.some((t) => at(t) === now)) throw new Error('HTTP 503');
      return PollStore.of(w, [{ skillId: '1', buckets: [{ start: w.quarterStart, values: { arrivals: 1 } }] }]);
    },
  };
  const poller = new Poller({
    client: source,
    accountId: '1',
    interval: 300_000,
    settleDelay: 60_000,
    logger: createLogger({ format: 'text', write: (l) => lines.push(l) }),
    metrics: new OwnMetrics('test'),
    now: () => now,
  });
  for (const t of polls) {
    now = at(t);
    await poller.pollOnce();
  }
  return lines.filter((l) => l.includes('backfill'));
}

describe('after a gap in polling', () => {
  it('the first good poll logs the backfill command that fills the quarters never served', async () => {
    const lines = await run(['10:01', '10:06', '10:11', '10:16', '10:21', '10:26', '10:31', '10:36'], ['10:06', '10:11', '10:16', '10:21', '10:26', '10:31']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('liveperson-nht-exporter backfill --from 2026-11-25T10:06:00Z --to 2026-11-25T10:36:00Z --blocks <dir>');
    expect(lines[0]).toContain('after 2026-11-25T13:36:00Z');
  });

  it('says nothing when every quarter was still served, late or not', async () => {
    expect(await run(['10:01', '10:06', '10:11', '10:16'], ['10:06', '10:11'])).toEqual([]);
    expect(await run(['10:01', '10:06', '10:11', '10:16', '10:21'], ['10:06', '10:11', '10:16'])).toEqual([]);
  });

  it('says nothing after failures before the first good poll: there is no last success to measure from', async () => {
    expect(await run(['10:01', '10:06', '10:11', '10:16', '10:21', '10:26', '10:31', '10:36'], ['10:01', '10:06', '10:11', '10:16', '10:21', '10:26', '10:31'])).toEqual([]);
  });
});
