/**
 * Hand-made NHT API records for a poll window, and a Poller over them: for tests that need to
 * say exactly which skill has which value.
 */
import type { NhtField, PollWindow, SkillRecord } from '../../../src/liveperson/types.js';
import { NHT_FIELDS } from '../../../src/liveperson/types.js';
import { silentLogger } from '../../../src/log.js';
import { Poller } from '../../../src/poll/poller.js';
import { pollWindow } from '../../../src/poll/schedule.js';
import { PollStore } from '../../../src/translate/poll-store.js';
import type { OwnMetrics } from '../../../src/metrics/own.js';

/** A fixed clock: 10:07 UTC, so the latest completed quarter is 09:45 and hour 09:00. */
export const NOW = Date.UTC(2026, 10, 25, 10, 7, 0);
export const SETTLE_MS = 60_000;
export const WINDOW: PollWindow = pollWindow(NOW, SETTLE_MS);

/**
 * One skill whose nine fields all read `value` (or the per-field override; -1 is "no data"),
 * in both the latest quarter and the latest hour.
 */
export function skill(skillId: string, value: number, overrides: Partial<Record<NhtField, number>> = {}): SkillRecord {
  const values = Object.fromEntries(NHT_FIELDS.map((f) => [f, overrides[f] ?? value]));
  return { skillId, buckets: [{ start: WINDOW.hourStart, values }, { start: WINDOW.quarterStart, values }] };
}

/** A Poller whose every poll answers the records currently in `records.now`. */
export function pollerOver(records: { now: readonly SkillRecord[] }, metrics: OwnMetrics, accountId = '12345678'): Poller {
  return new Poller({
    client: { fetchPoll: async (window) => PollStore.of(window, records.now) },
    accountId,
    interval: 5 * 60_000,
    settleDelay: SETTLE_MS,
    logger: silentLogger,
    metrics,
    now: () => NOW,
  });
}
