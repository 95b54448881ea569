import { describe, expect, it } from 'vitest';
import { nhtFamilies } from '../../src/metrics/nht.js';
import type { Snapshot } from '../../src/snapshot.js';
import { translate } from '../../src/translate/translate.js';
import { NOW, WINDOW, skill } from '../otlp/support/records.js';

describe('the NHT families of a snapshot', () => {
  const { series, skills } = translate([skill('7', 1), skill('8', 2, { arrivals: -1 })], WINDOW);
  const snapshot: Snapshot = { accountId: '42', window: WINDOW, completedAt: NOW, series, skills };

  it('label each series with the account and its skill', () => {
    const arrivals = nhtFamilies(snapshot).find((f) => f.def.name === 'liveperson_nht_arrivals')!;
    expect(arrivals.points).toEqual([{ labels: { account_id: '42', skill_id: '7' }, value: 1 }]);
  });

  it('give a skill one labels object across the nine families, so 20,000 skills make 20,000 of them', () => {
    const families = nhtFamilies(snapshot);
    expect(families).toHaveLength(9);
    const labelsOf = (id: string) => new Set(families.flatMap((f) => f.points.filter((p) => p.labels['skill_id'] === id).map((p) => p.labels)));
    expect(labelsOf('7').size).toBe(1);
    expect(labelsOf('8').size).toBe(1);
    expect([...labelsOf('7')][0]).not.toBe([...labelsOf('8')][0]);
  });
});
