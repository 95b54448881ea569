/**
 * The fault suite, part 7: health that tells the truth in time. A poll has a deadline; a
 * Retry-After longer than what is left fails it at once; a running poll shows on /metrics; a page
 * that fails after its retries gets a second chance within the deadline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scrape, startHarness, type Harness } from '../exporter/helpers.js';
import { afterGoodPoll, discovered, pollAndCheck, type FaultRun } from './support.js';

let run: FaultRun | undefined;
let big: Harness | undefined;
afterEach(async () => {
  await run?.stop();
  await big?.stop();
  run = undefined;
  big = undefined;
});

describe('a poll with a deadline', () => {
  it('fails at once, saying how long LivePerson asked to wait, on a Retry-After of a day', async () => {
    run = await afterGoodPoll();
    run.fault((req) => (req.api === 'nht' ? { kind: 'status', status: 429, retryAfterSeconds: 86_400 } : undefined));
    const started = performance.now();
    await pollAndCheck(run, {
      pollSucceeds: false,
      logSays: /LivePerson asked to wait 86400 s \(Retry-After\), longer than the \d+(\.\d)? s left before the poll's deadline/,
    });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(run.nhtRequestsSinceFault()).toBe(1);
  });

  it('shows a running poll and since when on /metrics, and counts a poll stopped at its deadline', async () => {
    run = await afterGoodPoll({ NHT_POLL_DEADLINE: '1s', LP_REQUEST_TIMEOUT: '30s' });
    run.fault((req) => (req.api === 'nht' ? { kind: 'delay', ms: 60_000 } : undefined));
    const polling = run.exporter.poller.pollOnce();
    await new Promise((r) => setTimeout(r, 200));
    const during = (await scrape(run.exporter)).text;
    expect(during).toContain(`liveperson_nht_poll_in_progress_since_timestamp_seconds ${run.clock.now / 1000}\n`);
    expect(during).toContain('liveperson_nht_up 1\n');
    expect(await polling).toBe(false);
    const after = await pollAndCheckAfter(run);
    expect(after).toContain('liveperson_nht_poll_in_progress_since_timestamp_seconds 0\n');
    expect(after).toContain('liveperson_nht_polls_overran_total 1\n');
    expect(run.logs.join('\n')).toMatch(/NHT poll stopped at its deadline, after 1 s/);
  });

  it('gives a page that failed after its retries a second chance once the other pages are in', async () => {
    run = await afterGoodPoll();
    let failures = 0;
    // Page 10 fails its 4 attempts (1 + NHT_MAX_RETRIES), then answers.
    run.fault((req) => (req.api === 'nht' && req.offset === 10 && failures++ < 4 ? { kind: 'status', status: 503 } : undefined));
    await pollAndCheck(run, { pollSucceeds: true, logSays: /NHT pages failed after their retries and were asked once more","component":"liveperson","pages":1,"recovered":1/ });
  });

  it('gives no second chance once the deadline has passed (by the driven clock)', async () => {
    run = await afterGoodPoll();
    const h = run;
    run.fault((req) => {
      if (req.api !== 'nht' || req.offset !== 10) return undefined;
      h.clock.now += 10 * 60_000; // the page's failures take the poll past its deadline
      return { kind: 'status', status: 503 };
    });
    await pollAndCheck(run, { pollSucceeds: false, logSays: /deadline/ });
  });
});

describe('an account of 2,000 pages', () => {
  it('keeps its polls succeeding with 1% random server errors and pages that fail all their retries once', async () => {
    let stubborn = 0;
    const failingOnce = new Set([150, 1_990, 7_770, 12_340, 19_990]);
    const attempts = new Map<number, number>();
    big = await startHarness(
      {
        skills: 20_000,
        faults: {
          rate5xx: 0.01,
          script: (req) => {
            if (req.api !== 'nht' || !failingOnce.has(req.offset ?? -1)) return undefined;
            const n = (attempts.get(req.offset!) ?? 0) + 1;
            attempts.set(req.offset!, n);
            if (n <= 4) {
              stubborn += 1;
              return { kind: 'status', status: 503 };
            }
            return undefined;
          },
        },
      },
      { NHT_CONCURRENCY: '50', LP_REQUEST_TIMEOUT: '10s' },
    );
    expect(await big.exporter.poller.pollOnce()).toBe(true);
    const text = (await scrape(big.exporter)).text;
    expect(text).toContain('liveperson_nht_skills 20000\n');
    expect(text).toContain('liveperson_nht_polls_total{result="success"} 1\n');
    expect(stubborn).toBe(5 * 4);
    // About 1% of some 2,000 requests failed at random, and the 20 stubborn failures on top.
    const retried = Number(/liveperson_nht_api_retries_total\{api="nht",reason="server_error"\} (\d+)/.exec(text)?.[1]);
    expect(retried).toBeGreaterThan(20 + 5);
    expect(big.logs.join('\n')).toMatch(/asked once more","component":"liveperson","pages":5,"recovered":5/);
  }, 120_000);
});

describe('discovery after a network error', () => {
  it('drops the discovered host and asks the Domain API again at the next poll', async () => {
    run = await afterGoodPoll(discovered);
    run.fault((req) => (req.api === 'nht' ? { kind: 'reset' } : undefined));
    const domainBefore = run.sim.stats.domainRequests;
    await pollAndCheck(run, { pollSucceeds: false, logSays: /dropped a discovered host after a network error/ });
    run.fault(() => undefined);
    expect(await run.exporter.poller.pollOnce()).toBe(true);
    expect(run.sim.stats.domainRequests).toBe(domainBefore + 1);
  });
});

async function pollAndCheckAfter(r: FaultRun): Promise<string> {
  const text = (await scrape(r.exporter)).text;
  expect(text).toContain('liveperson_nht_up 0\n');
  return text;
}
