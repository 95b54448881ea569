/**
 * The fault suite, part 2: servers that echo credentials back, in every encoding they come in.
 * The secret must show nowhere: not in the log, not on `/`, not on /metrics.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { scrub } from '../../src/secrets.js';
import { startReceiver, type OtlpReceiver } from '../otlp/support/receiver.js';
import { afterGoodPoll, expectNoSecret, pollAndCheck, SECRET, type FaultRun } from './support.js';

let run: FaultRun | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

/** A token endpoint that rejects the client and says back what it got, in the given way. */
const echoes: Array<[string, (form: string) => { status: number; headers?: Record<string, string>; body: string }]> = [
  ['the form body as text', (form) => ({ status: 401, headers: { 'content-type': 'text/plain' }, body: `bad request: ${form}` })],
  ['the form body in a JSON error_description', (form) => ({ status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: `got ${form}` }) })],
  ['the secret JSON-escaped in a message', () => ({ status: 400, body: JSON.stringify({ message: `client_secret "${SECRET}" is wrong` }) })],
  ['the secret base64-encoded', () => ({ status: 401, body: JSON.stringify({ error: 'invalid_client', error_description: Buffer.from(`nht-demo-client:${SECRET}`).toString('base64') }) })],
  ['the secret in causes', () => ({ status: 400, body: JSON.stringify({ causes: [`client_secret=${encodeURIComponent(SECRET)}`] }) })],
  ['the form body inside a WAF page', (form) => ({ status: 403, headers: { 'content-type': 'text/html' }, body: `<html><pre>${form}</pre></html>` })],
  ['the secret cut at 200 characters', () => ({ status: 401, body: JSON.stringify({ error_description: `${'x'.repeat(185)}${SECRET}` }) })],
];

describe('when a server echoes a credential back', () => {
  it.each(echoes)('never shows the client secret when the token endpoint echoes %s', async (_name, echo) => {
    // The first token is cached; a 401 on NHT makes the exporter ask for a new one, which is echoed.
    run = await afterGoodPoll();
    run.fault((req) => {
      if (req.api === 'nht') return { kind: 'status', status: 401 };
      if (req.api === 'token') {
        const r = echo(req.body ?? '');
        return { kind: 'reply', status: r.status, headers: { 'content-type': 'application/json', ...r.headers }, body: r.body };
      }
      return undefined;
    });
    await pollAndCheck(run, { pollSucceeds: false, logSays: /token request failed: HTTP/ });
  });

  it('never shows the access token when the NHT API echoes the Authorization header', async () => {
    run = await afterGoodPoll();
    run.fault((req) =>
      req.api === 'nht'
        ? {
            kind: 'reply',
            status: 400,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              message: `rejected ${req.authorization}`,
              causes: [`token ${encodeURIComponent(req.authorization ?? '')}`, Buffer.from(req.authorization ?? '').toString('base64')],
            }),
          }
        : undefined,
    );
    await pollAndCheck(run, { pollSucceeds: false, logSays: /HTTP 400; message: rejected Bearer \[REDACTED\]/ });
    expect(run.tokens.size).toBeGreaterThan(0);
  });
});

describe('with the OTLP push on', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('pushes no secret and logs none when the receiver echoes the bare token of its Authorization header', async () => {
    const token = 'otlp-ingest-token-Qw83Zr';
    receiver = await startReceiver();
    run = await afterGoodPoll({
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${token}`,
      OTEL_METRIC_EXPORT_INTERVAL: '60s',
    });
    // The LivePerson side fails with an echo of the secret, so a poll error is in flight too.
    run.fault((req) => (req.api === 'nht' ? { kind: 'reply', status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `bad ${SECRET}` }) } : undefined));
    await pollAndCheck(run, { pollSucceeds: false });
    await run.exporter.otlp!.flush();
    receiver.status = 401;
    receiver.errorBody = `invalid token ${token} for tenant`;
    await run.exporter.otlp!.flush();
    const logs = run.logs.join('\n');
    expect(logs).toMatch(/OTLP export failed/);
    // The SDK's HTTP error message carries no body, but a gRPC status or a future SDK may: the bare
    // token of the header must be registered on its own, not only "Bearer <token>" whole.
    expect(scrub(`receiver said: invalid token ${token}`)).toBe('receiver said: invalid token [REDACTED]');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(token.slice(0, 12));
    const pushed = JSON.stringify(receiver.exports.map((e) => e.body));
    expect(receiver.exports.length).toBeGreaterThan(0);
    expectNoSecret(run, [pushed]);
    expect(pushed).not.toContain(token);
  });
});
