import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exporter } from '../../src/app.js';
import { describeConfig } from '../../src/config/index.js';
import { loadConfig } from '../../src/config/load.js';
import { startReceiver, type OtlpReceiver } from './support/receiver.js';
import { scrape, startDemo } from './support/demo.js';
import { freePort } from '../support/prometheus.js';

let receiver: OtlpReceiver | undefined;
let exporter: Exporter | undefined;
let silent: Server | undefined;
afterEach(async () => {
  await exporter?.stop();
  await receiver?.close();
  await new Promise<void>((resolve) => (silent ? (silent.closeAllConnections(), silent.close(() => resolve())) : resolve()));
  exporter = undefined;
  receiver = undefined;
  silent = undefined;
});

const TOKEN = 'super-secret-token-4711';
const FAST = ['--otel-exporter-otlp-timeout', '300ms'];
// Room for the export that succeeds to do so on a loaded machine; the SDK retries a 503 within it.
const ROOMY = ['--otel-exporter-otlp-timeout', '2s'];

function exportsCounted(text: string): { success: number; failure: number } {
  const value = (result: string) => Number(new RegExp(`^liveperson_nht_otlp_exports_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(text)?.[1]);
  return { success: value('success'), failure: value('failure') };
}

describe('when the OTLP receiver fails, polling and /metrics carry on', () => {
  it('counts a 503 as a failed export, logs it without the headers, and counts the recovery', async () => {
    receiver = await startReceiver({ status: 503 });
    receiver.errorBody = `overloaded; your token ${TOKEN} is fine`;
    const logs: string[] = [];
    exporter = await startDemo(receiver.url, { logs, args: ROOMY, env: { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer%20${TOKEN}` } });

    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.otlp!.flush();
    expect(receiver.requests).toBeGreaterThanOrEqual(1);
    expect(await exporter.poller.pollOnce()).toBe(true);
    const { status, text } = await scrape(exporter);
    expect(status).toBe(200);
    expect(text).toContain('liveperson_nht_up 1\n');
    expect(exportsCounted(text)).toEqual({ success: 0, failure: 1 });
    const failure = logs.find((l) => l.includes('OTLP export failed'));
    expect(failure).toBeDefined();
    expect(failure).toContain('"consecutive_failures":1');
    expect(failure).toContain(`"endpoint":"${receiver.url}/v1/metrics"`);

    receiver.status = 200;
    await exporter.otlp!.flush();
    expect(exportsCounted((await scrape(exporter)).text)).toEqual({ success: 1, failure: 1 });
    expect(logs.some((l) => l.includes('OTLP export succeeded again'))).toBe(true);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('counts a receiver that is not listening as a failed export', async () => {
    const port = await freePort();
    exporter = await startDemo(`http://127.0.0.1:${port}`, { args: FAST });
    expect(await exporter.poller.pollOnce()).toBe(true);
    await exporter.otlp!.flush();
    expect(await exporter.poller.pollOnce()).toBe(true);
    const { status, text } = await scrape(exporter);
    expect(status).toBe(200);
    expect(text).toContain('liveperson_nht_net_handle_time_seconds{');
    expect(exportsCounted(text)).toEqual({ success: 0, failure: 1 });
  });

  it('never makes a poll or a scrape wait for a receiver that does not answer', async () => {
    silent = createServer(() => {
      /* accepts the request and never answers */
    });
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    exporter = await startDemo(url, { args: ['--otel-exporter-otlp-timeout', '1500ms'] });
    expect(await exporter.poller.pollOnce()).toBe(true);

    let flushed = false;
    const flushing = exporter.otlp!.flush().then(() => (flushed = true));
    const started = Date.now();
    expect(await exporter.poller.pollOnce()).toBe(true);
    expect((await scrape(exporter)).status).toBe(200);
    expect(flushed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    await flushing;
    expect(exportsCounted((await scrape(exporter)).text)).toEqual({ success: 0, failure: 1 });
  });
});

describe('OTLP settings that could leak or break', () => {
  it('redacts OTEL_EXPORTER_OTLP_HEADERS in the described configuration', () => {
    const loaded = loadConfig(['--demo'], { OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: `api-key=${TOKEN}` });
    if (!loaded.ok) expect.fail(loaded.errors.join('\n'));
    const described = describeConfig(loaded.config);
    expect(described['otlp']).toMatchObject({ metricsExporter: 'otlp', headers: '[REDACTED]', exportInterval: '1m', timeout: '10s' });
    expect(JSON.stringify(described)).not.toContain(TOKEN);
  });

  it('refuses to start with a malformed header list, naming the entry but not its text', async () => {
    receiver = await startReceiver();
    const start = startDemo(receiver.url, { env: { OTEL_EXPORTER_OTLP_HEADERS: `api-key=ok,${TOKEN}` } });
    await expect(start).rejects.toThrow('otlp.headers (OTEL_EXPORTER_OTLP_HEADERS): entry 2 is not key=value');
    await start.catch((err: Error) => expect(err.message).not.toContain(TOKEN));
  });
});
