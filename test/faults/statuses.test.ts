/**
 * The fault suite, part 3: error statuses, dropped connections, hangs and trickling bodies.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { afterGoodPoll, pollAndCheck, type FaultRun, type Script } from './support.js';

let run: FaultRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** A fault on the first `times` NHT requests, normal answers after. */
function firstNht(times: number, action: NonNullable<ReturnType<Script>>): Script {
  let n = 0;
  return (req) => (req.api === 'nht' && n++ < times ? action : undefined);
}

const always = (action: NonNullable<ReturnType<Script>>): Script => (req) => (req.api === 'nht' ? action : undefined);

describe('when LivePerson answers with an error status', () => {
  it('waits out a 429 with a short Retry-After and succeeds, counting the retry', async () => {
    run = await afterGoodPoll();
    run.fault(firstNht(1, { kind: 'status', status: 429, retryAfterSeconds: 0 }));
    const text = await pollAndCheck(run, { pollSucceeds: true, logSays: /LivePerson request failed, retrying.*"kind":"throttled"/ });
    expect(text).toContain('liveperson_nht_api_retries_total{api="nht",reason="throttled"} 1\n');
  });

  it.each([500, 503] as const)('retries a %d and succeeds when the next attempt works', async (status) => {
    run = await afterGoodPoll();
    run.fault(firstNht(2, { kind: 'status', status }));
    const text = await pollAndCheck(run, { pollSucceeds: true });
    expect(text).toContain('liveperson_nht_api_retries_total{api="nht",reason="server_error"} 2\n');
    // One warning for the poll's retries, not one per retry (those are debug lines).
    const warnings = run.logs.filter((l) => l.includes('"level":"warn"') && l.includes('retried'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({ msg: 'NHT requests were retried', retries: 2, by_reason: { server_error: 2 } });
  });

  it('fails the poll when every answer is a 503, after a bounded number of requests', async () => {
    run = await afterGoodPoll();
    run.fault(always({ kind: 'status', status: 503 }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 503/ });
    expect(run.nhtRequestsSinceFault()).toBeLessThanOrEqual(8);
  });

  it('does not retry a 400 and reports its causes', async () => {
    run = await afterGoodPoll();
    run.fault(always({ kind: 'status', status: 400 }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 400; message: Bad Request; causes: simulated fault/ });
    expect(run.nhtRequestsSinceFault()).toBe(1);
  });

  it('fetches a new token once on a 401, and succeeds with it', async () => {
    run = await afterGoodPoll();
    const tokensBefore = run.sim.stats.tokenRequests;
    run.fault(firstNht(1, { kind: 'status', status: 401 }));
    await pollAndCheck(run, { pollSucceeds: true });
    expect(run.sim.stats.tokenRequests).toBe(tokensBefore + 1);
  });

  it('fails the poll when a fresh token is rejected too, without asking again and again', async () => {
    run = await afterGoodPoll();
    const tokensBefore = run.sim.stats.tokenRequests;
    run.fault(always({ kind: 'status', status: 401 }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 401/ });
    expect(run.sim.stats.tokenRequests - tokensBefore).toBeLessThanOrEqual(3);
  });

  it('does not retry a 403', async () => {
    run = await afterGoodPoll();
    run.fault(always({ kind: 'status', status: 403 }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 403/ });
    expect(run.nhtRequestsSinceFault()).toBe(1);
  });
});

describe('when the connection misbehaves', () => {
  it('retries a connection reset, and succeeds when the next attempt works', async () => {
    run = await afterGoodPoll();
    run.fault(firstNht(1, { kind: 'reset' }));
    const text = await pollAndCheck(run, { pollSucceeds: true });
    expect(text).toContain('liveperson_nht_api_retries_total{api="nht",reason="network_error"} 1\n');
  });

  it('fails the poll when every connection is reset', async () => {
    run = await afterGoodPoll();
    run.fault(always({ kind: 'reset' }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /nht request POST .* failed/ });
  });

  it('gives up on an answer that never comes, after the request timeout', async () => {
    run = await afterGoodPoll({ LP_REQUEST_TIMEOUT: '200ms' });
    run.fault(always({ kind: 'delay', ms: 60_000 }));
    await pollAndCheck(run, { pollSucceeds: false, logSays: /timed out after 200 ms/ });
  });

  it('gives up on a body that trickles in, byte by byte, past the request timeout', async () => {
    run = await afterGoodPoll({ LP_REQUEST_TIMEOUT: '300ms' });
    run.fault(
      always({
        kind: 'stream',
        chunkDelayMs: 50,
        chunks: function* () {
          for (;;) yield ' ';
        },
      }),
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /timed out after 300 ms/ });
  });
});
