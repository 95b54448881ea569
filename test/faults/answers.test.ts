/**
 * The fault suite, part 1: NHT answers of the wrong size, shape, type or encoding. Each test: one
 * good poll, then the fault; the process lives, the last good data stays, health says what
 * happened, and no secret shows.
 */
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nhtSamples } from '../exporter/helpers.js';
import { afterGoodPoll, editPage, pollAndCheck, type FaultRun } from './support.js';

let run: FaultRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

const onNht = (action: Parameters<FaultRun['fault']>[0]): Parameters<FaultRun['fault']>[0] => (req) => (req.api === 'nht' ? action(req) : undefined);

describe('when LivePerson answers with something too big', () => {
  it('stops reading a valid page padded to 200 MB at the cap, and says what was too big', async () => {
    run = await afterGoodPoll();
    const padding = Buffer.alloc(1024 * 1024, 0x20);
    run.fault(
      onNht(() => ({
        kind: 'stream',
        chunks: function* () {
          yield '{"_metadata":{"count":25},"skillInfo":[],"pad":"';
          for (let i = 0; i < 200; i += 1) yield padding;
          yield '"}';
        },
      })),
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /nht answer is larger than 1 MiB; stopped reading it/ });
  });

  it('refuses a page of 50,000 skill entries for a limit of 10 (by its size before its count)', async () => {
    run = await afterGoodPoll();
    const entries = Array.from({ length: 50_000 }, (_, i) => ({ skillId: i + 1, metricsByIntervals: [{ epochTimestamp: 0, arrivals: 1 }] }));
    const body = JSON.stringify({ _metadata: { count: 50_000 }, skillInfo: entries });
    run.fault(onNht(() => ({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body })));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /nht answer is larger than 1 MiB/ });
  });

  it('refuses a small page with 11 skills for a limit of 10', async () => {
    run = await afterGoodPoll();
    run.fault(
      onNht(() =>
        editPage((p) => {
          while (p.skillInfo.length < 11) p.skillInfo.push({ ...p.skillInfo[0]!, skillId: 999_000 + p.skillInfo.length });
        }),
      ),
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /it has 11 skills, more than the 10 asked for/ });
  });

  it('refuses a skill with more buckets than the poll window can have', async () => {
    run = await afterGoodPoll();
    run.fault(
      onNht(() =>
        editPage((p) => {
          const b = p.skillInfo[0]!.metricsByIntervals;
          while (b.length < 40) b.push({ ...b[0]! });
        }),
      ),
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /a skill has 40 buckets, more than the 8 the window can have/ });
  });

  it('stops a gzip bomb by what it expands to', async () => {
    run = await afterGoodPoll();
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x20));
    run.fault(onNht(() => ({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb })));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /nht answer is larger than 1 MiB once decompressed/ });
  });
});

describe('when LivePerson answers with the wrong shape', () => {
  it.each([
    ['malformed JSON', '{"_metadata": {"count": 25}, "skillInfo": [ {"skillId": 1,, }', /NHT response is not valid JSON/],
    ['an HTML error page with status 200', '<html><body>Service temporarily unavailable</body></html>', /NHT response is not valid JSON/],
    ['a JSON array', '[1,2,3]', /not a v2 NHT page: expected a JSON object, got an array/],
    ['a JSON string', '"ok"', /not a v2 NHT page: expected a JSON object, got a string/],
    ['an object without skillInfo or _metadata', '{"message":"maintenance"}', /neither skillInfo nor _metadata/],
    ['skillInfo that is not an array', '{"_metadata":{"count":25},"skillInfo":{"1":{}}}', /skillInfo is an object, expected an array/],
    ['an empty body', '', /NHT response is not valid JSON/],
  ])('fails the poll on %s, keeping the last good data', async (_name, body, says) => {
    run = await afterGoodPoll();
    run.fault(onNht(() => ({ kind: 'reply', status: 200, headers: { 'content-type': 'application/json' }, body })));
    await pollAndCheck(run, { pollSucceeds: false, logSays: says });
    // A bad body is worth retrying, a bounded number of times: 1 + NHT_MAX_RETRIES for page 0, twice (its second chance).
    expect(run.nhtRequestsSinceFault()).toBe(8);
  });

  it('fails the poll on a truncated body (a proxy cut it short)', async () => {
    run = await afterGoodPoll();
    run.fault(onNht(() => ({ kind: 'malformed' })));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /NHT response is not valid JSON/ });
  });

  it('drops values of the wrong type, counts them, and keeps every good value of the poll', async () => {
    run = await afterGoodPoll();
    const wrong: Record<string, unknown> = { arrivals: '12', avgTimeInQueue: -5, netHandleTime: { value: 3 }, messagesSent: true };
    run.fault(
      onNht((req) =>
        req.offset === 0
          ? editPage((p) => {
              for (const b of p.skillInfo[0]!.metricsByIntervals) Object.assign(b, wrong);
              p.skillInfo[1]!.skillId = 'not-a-skill-id';
            })
          : undefined,
      ),
    );
    const text = await pollAndCheck(run, { pollSucceeds: true, logSays: /dropped a value LivePerson sent/ });
    expect(text).toMatch(/liveperson_nht_invalid_values_total\{field="arrivals"\} 1\n/);
    expect(text).toMatch(/liveperson_nht_invalid_values_total\{field="avgTimeInQueue"\} 1\n/);
    const after = nhtSamples(text);
    // The skill with the bad id is dropped, one skill loses its bad values, 23 stay whole.
    expect(after.get('liveperson_nht_avg_agent_segment_duration_seconds')!.size).toBeGreaterThanOrEqual(20);
    expect(text).not.toContain('not-a-skill-id');
  });

  it('does not follow a redirect (and so never sends the credentials elsewhere)', async () => {
    run = await afterGoodPoll();
    let elsewhere = 0;
    run.fault((req) => {
      if (req.api === 'nht' && req.offset === 0) return { kind: 'reply', status: 302, headers: { location: 'http://127.0.0.1:9/steal' }, body: '' };
      if (req.api === 'domain') elsewhere += 1;
      return undefined;
    });
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 302/ });
    expect(elsewhere).toBe(0);
  });
});
