/**
 * The fault suite, part 6: counts and pages that cannot be trusted. The number of requests a poll
 * makes stays bounded, disagreements are logged once per poll and counted, and the poll still
 * succeeds where the data allows it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { nhtSamples } from '../exporter/helpers.js';
import { afterGoodPoll, editPage, pollAndCheck, type FaultRun, type NhtJson } from './support.js';

let run: FaultRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const linesWith = (run: FaultRun, text: string): string[] => run.logs.filter((l) => l.includes(text));

describe('when the skill count cannot be trusted', () => {
  it('fails the poll after page 0 when LivePerson counts a billion skills, asking for no other page', async () => {
    run = await afterGoodPoll();
    run.fault((req) => (req.api === 'nht' ? editPage((p) => (p._metadata.count = 1_000_000_000)) : undefined));
    await pollAndCheck(run, {
      pollSucceeds: false,
      logSays: /LivePerson reports 1000000000 skills \(100000000 pages\), more than NHT_MAX_SKILLS \(20000\); no other page was asked for/,
    });
    expect(run.nhtRequestsSinceFault()).toBe(1);
  });

  it('stops a walk without a count at NHT_MAX_SKILLS when pages keep coming full', async () => {
    run = await afterGoodPoll({ NHT_MAX_SKILLS: '50' }, 50);
    // Every page is full of new skills, whatever the offset, and none says how many there are.
    run.fault((req) =>
      req.api === 'nht'
        ? editPage((p) => {
            delete p._metadata.count;
            p.skillInfo = Array.from({ length: 10 }, (_, i) => ({ ...p.skillInfo[0]!, skillId: 900_000 + (req.offset ?? 0) + i }));
          })
        : undefined,
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /sent no skill count and kept sending full pages up to NHT_MAX_SKILLS \(50\)/ });
    expect(run.nhtRequestsSinceFault()).toBe(5);
  });

  it('stops a walk without a count when LivePerson ignores the offset, after two requests and with one warning', async () => {
    run = await afterGoodPoll();
    let page0: unknown;
    run.fault((req) => {
      if (req.api !== 'nht') return undefined;
      return {
        kind: 'edit',
        edit: (json) => {
          const page = structuredClone((req.offset === 0 ? (page0 = json) : page0) as NhtJson);
          delete page._metadata.count;
          return page;
        },
      };
    });
    const text = await pollAndCheck(run, { pollSucceeds: true });
    expect(run.nhtRequestsSinceFault()).toBe(2);
    expect(text).toContain('liveperson_nht_skills 10\n');
    expect(text).toContain('liveperson_nht_page_inconsistencies_total{kind="repeated_page"} 1\n');
    expect(linesWith(run, 'LivePerson seems to ignore offset')).toHaveLength(1);
  });

  it('merges a skill sent on two pages, the later page winning, and logs and counts it once', async () => {
    run = await afterGoodPoll();
    let moved = '';
    run.fault((req) => {
      if (req.api !== 'nht') return undefined;
      if (req.offset === 0) return editPage((p) => (moved = String(p.skillInfo[0]!.skillId)));
      if (req.offset === 10)
        return editPage((p) => {
          p.skillInfo[0]!.skillId = Number(moved);
          for (const b of p.skillInfo[0]!.metricsByIntervals) b['arrivals'] = 4242;
        });
      return undefined;
    });
    const text = await pollAndCheck(run, { pollSucceeds: true });
    expect(nhtSamples(text).get('liveperson_nht_arrivals')!.get(moved)).toBe(4242);
    expect(text).toContain('liveperson_nht_page_inconsistencies_total{kind="duplicate_skill"} 1\n');
    const warned = linesWith(run, 'repeated skills of other pages');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain(`skill ${moved} at offsets 0 and 10`);
  });

  it("keeps page 0's count when later pages say otherwise, logging and counting it once", async () => {
    run = await afterGoodPoll();
    run.fault((req) => (req.api === 'nht' && req.offset !== 0 ? editPage((p) => (p._metadata.count = 30 + (req.offset ?? 0))) : undefined));
    const text = await pollAndCheck(run, { pollSucceeds: true });
    expect(run.nhtRequestsSinceFault()).toBe(3);
    expect(text).toContain('liveperson_nht_skills 25\n');
    expect(text).toContain('liveperson_nht_page_inconsistencies_total{kind="count_changed"} 2\n');
    expect(linesWith(run, 'disagreed on the skill count')).toHaveLength(1);
  });

  it('sums up unusable entries of every page in one warning per poll', async () => {
    run = await afterGoodPoll();
    run.fault((req) => (req.api === 'nht' ? editPage((p) => p.skillInfo[0]!.metricsByIntervals.push({ arrivals: 1 })) : undefined));
    await pollAndCheck(run, { pollSucceeds: true });
    const warned = linesWith(run, 'unusable entries');
    expect(warned).toHaveLength(1);
    expect(JSON.parse(warned[0]!)).toMatchObject({ pages: 3, droppedBuckets: 3 });
  });
});
